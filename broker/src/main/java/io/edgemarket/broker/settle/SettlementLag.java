package io.edgemarket.broker.settle;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How far settlement trails the invocations, on the broker's clock: when each pending receipt was
 * queued, so that the lag now is the age of the oldest one still waiting, and a batch's lag is how
 * long its oldest receipt waited. Receipts restored at a start count from the start (their queueing
 * time is not on disk). Memory: one entry per pending receipt, as the queue itself holds; and the
 * lags of the latest batches.
 */
public final class SettlementLag {
  private static final int KEPT_BATCHES = 64;

  private final LongSupplier clock;
  private final LinkedHashMap<String, Long> queuedAt = new LinkedHashMap<>();
  private final LinkedHashMap<String, Long> batchLags =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > KEPT_BATCHES;
        }
      };

  SettlementLag(LongSupplier clock) {
    this.clock = clock;
  }

  synchronized void queued(String runId) {
    queuedAt.putIfAbsent(runId, clock.getAsLong());
  }

  /** A batch was recorded: its receipts leave, and its lag is kept. */
  synchronized void recorded(BatchOutcome outcome) {
    long oldest = Long.MAX_VALUE;
    for (BatchOutcome.Settled s : outcome.settled()) {
      oldest = Math.min(oldest, remove(s.invocationId()));
    }
    for (BatchOutcome.Rejected r : outcome.rejected()) {
      oldest = Math.min(oldest, remove(r.invocationId()));
    }
    if (oldest != Long.MAX_VALUE) {
      batchLags.put(outcome.batchId(), Math.max(0, outcome.at() - oldest));
    }
  }

  private long remove(String runId) {
    Long at = queuedAt.remove(runId);
    return at == null ? Long.MAX_VALUE : at;
  }

  /** The age of the oldest receipt waiting for settlement, in ms; 0 when none waits. */
  public synchronized long nowMillis() {
    Iterator<Long> first = queuedAt.values().iterator();
    return first.hasNext() ? Math.max(0, clock.getAsLong() - first.next()) : 0;
  }

  /** How long the oldest receipt of each of the latest batches waited, by batch id. */
  public synchronized Map<String, Long> batches() {
    return new HashMap<>(batchLags);
  }
}
