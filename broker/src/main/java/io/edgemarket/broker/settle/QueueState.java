package io.edgemarket.broker.settle;

import io.edgemarket.model.Receipt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settlement queue's contents, as rebuilt from a checkpoint and the log lines after it, and
 * kept up to date as receipts, submissions and outcomes come in: the pending receipts in arrival
 * order, the batches in flight, the recently paid batches and the totals. Not thread-safe: the
 * queue guards it.
 */
final class QueueState {
  private final LinkedHashMap<String, Receipt> pending = new LinkedHashMap<>();
  private final LinkedHashMap<String, InFlight> inflight = new LinkedHashMap<>();
  private final Deque<Checkpoint.Paid> retained = new ArrayDeque<>();
  private final Set<String> retainedRuns = new HashSet<>();
  private int retainedReceipts;
  private Checkpoint.Totals totals = Checkpoint.Totals.NONE;

  static QueueState of(Checkpoint checkpoint) {
    QueueState state = new QueueState();
    checkpoint.pending().forEach(state::receipt);
    checkpoint.inflight().forEach(state::submitting);
    checkpoint.retained().forEach(state::retain);
    state.totals = checkpoint.totals();
    return state;
  }

  void receipt(Receipt receipt) {
    pending.put(receipt.assignment().runId(), receipt);
  }

  void submitting(InFlight batch) {
    inflight.put(batch.batchId(), batch);
  }

  /** A recorded batch: its receipts leave the pending set and are kept with it for a while. */
  void outcome(BatchOutcome outcome) {
    List<Receipt> named = new ArrayList<>();
    outcome.settled().forEach(s -> take(s.invocationId(), named));
    outcome.rejected().forEach(r -> take(r.invocationId(), named));
    inflight.remove(outcome.batchId());
    retain(new Checkpoint.Paid(outcome, named));
    totals = totals.plus(outcome);
  }

  private void take(String runId, List<Receipt> into) {
    Receipt receipt = pending.remove(runId);
    if (receipt != null) {
      into.add(receipt);
    }
  }

  /** Forgets paid batches recorded before {@code now - retainMillis}, and beyond the count. */
  void expire(long now, Compaction policy) {
    while (!retained.isEmpty()
        && (retained.peekFirst().outcome().at() < now - policy.retainMillis()
            || retainedReceipts > policy.retainReceipts())) {
      Checkpoint.Paid gone = retained.removeFirst();
      retainedReceipts -= gone.receipts().size();
      gone.receipts().forEach(r -> retainedRuns.remove(r.assignment().runId()));
    }
  }

  private void retain(Checkpoint.Paid paid) {
    retained.addLast(paid);
    retainedReceipts += paid.receipts().size();
    paid.receipts().forEach(r -> retainedRuns.add(r.assignment().runId()));
  }

  /** True when a receipt of this run is pending or was paid recently (still remembered). */
  boolean knows(String runId) {
    return pending.containsKey(runId) || retainedRuns.contains(runId);
  }

  /**
   * The state as a checkpoint preceding log generation {@code next}. A batch in flight whose
   * receipts are no longer all pending was split or paid some other way: it is dropped.
   */
  Checkpoint checkpoint(int next) {
    List<InFlight> live = inflight.values().stream().filter(this::allPending).toList();
    return new Checkpoint(next, totals, List.copyOf(pending.values()), live, List.copyOf(retained));
  }

  Map<String, Receipt> pending() {
    return pending;
  }

  /** The receipts of a batch in flight, in its order, when all of them are still pending. */
  Optional<List<Receipt>> receiptsOf(InFlight batch) {
    if (!allPending(batch)) {
      return Optional.empty();
    }
    return Optional.of(batch.runIds().stream().map(pending::get).toList());
  }

  List<InFlight> inflight() {
    return List.copyOf(inflight.values());
  }

  /** Paid receipts still remembered, then the pending ones. */
  List<Receipt> receipts() {
    List<Receipt> all = new ArrayList<>(retainedReceipts + pending.size());
    retained.forEach(p -> all.addAll(p.receipts()));
    all.addAll(pending.values());
    return all;
  }

  List<BatchOutcome> outcomes() {
    return retained.stream().map(Checkpoint.Paid::outcome).toList();
  }

  Checkpoint.Totals totals() {
    return totals;
  }

  /** The oldest pending receipts, up to {@code max}. */
  List<Receipt> oldest(int max) {
    List<Receipt> batch = new ArrayList<>(Math.min(max, pending.size()));
    Iterator<Receipt> it = pending.values().iterator();
    while (it.hasNext() && batch.size() < max) {
      batch.add(it.next());
    }
    return batch;
  }

  private boolean allPending(InFlight batch) {
    return batch.runIds().stream().allMatch(pending::containsKey);
  }
}
