package io.edgemarket.broker.settle;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the ledger's answer to one batch into a {@link BatchOutcome}. A DUPLICATE rejection means
 * the ledger already holds a receipt under that run id: when it is this very receipt (paid by a
 * batch whose outcome a crash kept off the disk), it counts as settled in the batch that paid it;
 * when it is another one (run ids are the consumers' invocation ids, and a ledger may be shared by
 * many markets), this receipt will never be paid and is rejected as DUPLICATE. Receipts are named
 * by their run id: the invocation id of a primary run, {@code id#replica} of a redundant run of a
 * sampled invocation (see {@code Assignment#runId}).
 */
final class LedgerAnswers {
  private LedgerAnswers() {}

  static BatchOutcome outcome(
      String batchId,
      String merkleRoot,
      List<Receipt> receipts,
      List<String> settledIds,
      List<Rejection> rejections,
      long totalAmount,
      PaidIn paidIn)
      throws LedgerException {
    Map<String, Receipt> byId = new HashMap<>();
    receipts.forEach(r -> byId.put(r.assignment().runId(), r));
    List<BatchOutcome.Settled> settled = new ArrayList<>();
    List<BatchOutcome.Rejected> rejected = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String id : settledIds) {
      Receipt r = byId.get(id);
      if (r != null && seen.add(id)) {
        settled.add(new BatchOutcome.Settled(id, consumer(r), r.amount(), batchId));
      }
    }
    for (Rejection rejection : rejections) {
      String id = rejection.invocationId();
      Receipt r = byId.get(id);
      if (r == null || !seen.add(id)) {
        continue;
      }
      Optional<String> paid =
          ErrorCodes.DUPLICATE.equals(rejection.code()) ? paidIn.batchOf(r) : Optional.empty();
      if (paid.isPresent()) {
        settled.add(new BatchOutcome.Settled(id, consumer(r), r.amount(), paid.get()));
      } else {
        rejected.add(
            new BatchOutcome.Rejected(
                id, consumer(r), r.amount(), rejection.code(), rejection.message()));
      }
    }
    return new BatchOutcome(
        batchId, merkleRoot, settled, rejected, totalAmount, System.currentTimeMillis());
  }

  /** Where the ledger paid this very receipt; empty when it holds another under its run id. */
  @FunctionalInterface
  interface PaidIn {
    Optional<String> batchOf(Receipt receipt) throws LedgerException;
  }

  /** Receipts of the outcome that an earlier batch had already paid. */
  static long alreadyPaid(BatchOutcome outcome) {
    return outcome.settled().stream().filter(s -> !outcome.batchId().equals(s.batchId())).count();
  }

  private static String consumer(Receipt receipt) {
    return receipt.ticket().consumerId();
  }
}
