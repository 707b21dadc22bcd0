package io.edgemarket.broker.settle;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the ledger's answer to one batch into a {@link BatchOutcome}. A DUPLICATE rejection means
 * the receipt was paid before (by a batch whose outcome a crash kept off the disk, or earlier in
 * this batch): it counts as settled, in the batch that paid it when the ledger can say which.
 * Receipts are named by their run id: the invocation id of a primary run, {@code id#replica} of a
 * redundant run of a sampled invocation (see {@code Assignment#runId}).
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
      Function<Receipt, String> paidIn) {
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
      if (ErrorCodes.DUPLICATE.equals(rejection.code())) {
        settled.add(new BatchOutcome.Settled(id, consumer(r), r.amount(), paidIn.apply(r)));
      } else {
        rejected.add(
            new BatchOutcome.Rejected(
                id, consumer(r), r.amount(), rejection.code(), rejection.message()));
      }
    }
    return new BatchOutcome(
        batchId, merkleRoot, settled, rejected, totalAmount, System.currentTimeMillis());
  }

  /** Receipts of the outcome that an earlier batch had already paid. */
  static long alreadyPaid(BatchOutcome outcome) {
    return outcome.settled().stream().filter(s -> !outcome.batchId().equals(s.batchId())).count();
  }

  private static String consumer(Receipt receipt) {
    return receipt.ticket().consumerId();
  }
}
