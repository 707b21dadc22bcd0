package io.edgemarket.broker.invoke;

import io.edgemarket.broker.settle.BatchOutcome;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * The broker's books on invocations: counts by outcome, and what settlement does to the registry
 * (settlement status, batch) and to escrow holds. Also rebuilds both from the settlement queue at
 * startup, so lookups and holds survive a restart.
 */
final class Books {
  private final InvocationRegistry registry;
  private final EscrowBook escrow;
  private final LongAdder ok = new LongAdder();
  private final LongAdder functionErrors = new LongAdder();
  private final LongAdder failed = new LongAdder();

  Books(InvocationRegistry registry, EscrowBook escrow) {
    this.registry = registry;
    this.escrow = escrow;
  }

  void served(String status) {
    (Receipt.OK.equals(status) ? ok : functionErrors).increment();
  }

  void failed() {
    failed.increment();
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
      registry.restore(receipt.invocationId(), consumer, Outcomes.served(receipt, null, null));
      escrow.charge(consumer, receipt.invocationId(), receipt.amount());
      served(receipt.status());
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
    byConsumer.forEach(
        (consumer, ids) -> {
          if (refresh) {
            escrow.settled(consumer, ids);
          } else {
            ids.forEach(id -> escrow.release(consumer, id));
          }
        });
  }

  private void update(String invocationId, UnaryOperator<InvocationResult> change) {
    InvocationRegistry.Entry entry = registry.get(invocationId);
    if (entry != null) {
      entry.result = change.apply(entry.result);
    }
  }
}
