package io.edgemarket.broker.invoke;

import io.edgemarket.model.api.InvocationResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Bounds the outputs the registry holds: each is kept for the retention's time after its answer and
 * within its memory budget (oldest dropped first). A dropped output leaves a result that says so
 * ({@link InvocationResult#outputDropped()}), never one whose output is missing silently.
 */
final class OutputRetention {
  private record Kept(InvocationRegistry.Entry entry, long at, long bytes) {}

  private final Retention retention;
  private final LongSupplier clock;
  private final Deque<Kept> kept = new ArrayDeque<>();
  private long bytes;

  OutputRetention(Retention retention, LongSupplier clock) {
    this.retention = retention;
    this.clock = clock;
  }

  /** Whether an output answered at {@code at} is still to be kept (by time). */
  boolean fresh(long at) {
    return clock.getAsLong() - at < retention.outputMillis();
  }

  /** The entry now holds an output answered at {@code at}; older ones may go. */
  synchronized void kept(InvocationRegistry.Entry entry, long at, long size) {
    kept.addLast(new Kept(entry, at, size));
    bytes += size;
    sweep();
  }

  /** Drops the outputs that are too old, then the oldest while over the budget. */
  synchronized void sweep() {
    long now = clock.getAsLong();
    while (!kept.isEmpty()
        && (now - kept.peekFirst().at() >= retention.outputMillis()
            || bytes > retention.memoryBytes())) {
      Kept oldest = kept.removeFirst();
      bytes -= oldest.bytes();
      oldest.entry().update(r -> r.status().ran() ? r.withoutOutput() : r);
    }
  }
}
