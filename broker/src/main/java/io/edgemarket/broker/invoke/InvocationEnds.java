package io.edgemarket.broker.invoke;

import io.edgemarket.broker.settle.BatchOutcome;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Where invocations end, and what each end does to the registry (the result a lookup shows), to
 * escrow (every hold is released here, and only here) and to the counts by outcome: served (the
 * hold becomes the receipt's amount), failed, withdrawn before anything ran, settled or rejected by
 * the ledger. Also rebuilds registry and holds from the settlement queue at startup, so lookups and
 * holds survive a restart.
 */
final class InvocationEnds {
  private final InvocationRegistry registry;
  private final EscrowBook escrow;
  private final LongAdder ok = new LongAdder();
  private final LongAdder functionErrors = new LongAdder();
  private final LongAdder failed = new LongAdder();

  InvocationEnds(InvocationRegistry registry, EscrowBook escrow) {
    this.registry = registry;
    this.escrow = escrow;
  }

  /**
   * Good receipts: the lookup shows the result and each run's hold becomes its receipt's amount
   * (holds of runs not paid end). Both are in place before the receipts are queued, since the
   * settler may settle them (and update both) the moment they are on disk.
   */
  void accepted(Attempts.Job job, InvocationResult result, List<Receipt> paid) {
    job.entry().result = result;
    List<String> unpaid = new ArrayList<>(job.held());
    for (Receipt receipt : paid) {
      String run = receipt.assignment().runId();
      escrow.charge(job.consumerId(), run, receipt.amount());
      unpaid.remove(run);
    }
    if (!unpaid.isEmpty()) {
      release(job.consumerId(), unpaid, false);
    }
  }

  /** The accepted receipt is queued: it counts as served. */
  void served(String receiptStatus) {
    (Receipt.OK.equals(receiptStatus) ? ok : functionErrors).increment();
  }

  /** Nothing will be paid: the hold goes and the lookup shows FAILED with the reason. */
  void failed(Attempts.Job job, String error) {
    release(job.consumerId(), List.copyOf(job.held()), false);
    job.entry().result = Outcomes.failed(job.invocationId(), error);
    failed.increment();
  }

  /**
   * Refused after its id was claimed but before anything ran: the hold (if any) goes and the id is
   * forgotten, so the same ticket may be sent again.
   */
  void withdrawn(String consumerId, String invocationId) {
    release(consumerId, List.of(invocationId), false);
    registry.forget(invocationId);
  }

  InvocationService.Counts counts() {
    long o = ok.sum();
    long e = functionErrors.sum();
    long f = failed.sum();
    return new InvocationService.Counts(o + e + f, o, e, f);
  }

  /** Queued receipts hold escrow again; outcomes on disk mark theirs settled or rejected. */
  void restore(List<Receipt> receipts, List<BatchOutcome> outcomes) {
    for (Receipt receipt : receipts) {
      String consumer = receipt.ticket().consumerId();
      boolean primary = receipt.assignment().replica() == Assignment.PRIMARY;
      if (primary || registry.get(receipt.invocationId()) == null) {
        registry.restore(receipt.invocationId(), consumer, Outcomes.served(receipt, null, null));
      }
      escrow.charge(consumer, receipt.assignment().runId(), receipt.amount());
      if (primary) {
        served(receipt.status());
      }
    }
    // At startup no balance is cached yet, so holds are simply dropped.
    outcomes.forEach(outcome -> apply(outcome, false));
  }

  /** A committed batch: statuses, then holds (with fresh balances when {@code refresh}). */
  void apply(BatchOutcome outcome, boolean refresh) {
    Map<String, List<String>> byConsumer = new HashMap<>();
    for (BatchOutcome.Settled s : outcome.settled()) {
      update(s.invocationId(), r -> Outcomes.settled(r, s.batchId()));
      byConsumer.computeIfAbsent(s.consumerId(), c -> new ArrayList<>()).add(s.invocationId());
    }
    for (BatchOutcome.Rejected r : outcome.rejected()) {
      update(r.invocationId(), current -> Outcomes.rejected(current, r.code(), outcome.batchId()));
      byConsumer.computeIfAbsent(r.consumerId(), c -> new ArrayList<>()).add(r.invocationId());
    }
    byConsumer.forEach((consumer, ids) -> release(consumer, ids, refresh));
  }

  private void release(String consumerId, List<String> invocationIds, boolean refreshBalance) {
    escrow.release(consumerId, invocationIds, refreshBalance);
  }

  /**
   * Applies a settlement to the result whose answer is that run's receipt; the other runs of a
   * checked invocation are paid (or not) without changing what the lookup shows.
   */
  private void update(String runId, UnaryOperator<InvocationResult> change) {
    int hash = runId.indexOf('#');
    InvocationRegistry.Entry entry = registry.get(hash < 0 ? runId : runId.substring(0, hash));
    if (entry == null) {
      return;
    }
    InvocationResult current = entry.result;
    if (current.receipt() != null && runId.equals(current.receipt().assignment().runId())) {
      entry.result = change.apply(current);
    }
  }
}
