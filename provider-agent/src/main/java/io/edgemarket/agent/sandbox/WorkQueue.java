package io.edgemarket.agent.sandbox;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox workers' queue. A worker that finds it empty polls it for a moment before it parks:
 * waking a parked thread takes tens of microseconds on a busy machine, more than a warm execution
 * itself, and back-to-back executions are common (a hot function). Spinning burns a core, so only
 * half the cores' worth of workers (at least one) spin at once, JVM-wide, and never for long.
 */
final class WorkQueue extends LinkedBlockingQueue<Runnable> {

  private static final long serialVersionUID = 1L;

  static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private static final int MAX_SPINNERS =
      Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  private static final AtomicInteger SPINNERS = new AtomicInteger();

  @Override
  public Runnable take() throws InterruptedException {
    Runnable next = poll();
    if (next == null && SPINNERS.incrementAndGet() <= MAX_SPINNERS) {
      try {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (next == null
            && System.nanoTime() - deadline < 0
            && !Thread.currentThread().isInterrupted()) {
          Thread.onSpinWait();
          next = isEmpty() ? null : poll();
        }
      } finally {
        SPINNERS.decrementAndGet();
      }
    } else if (next == null) {
      SPINNERS.decrementAndGet();
    }
    return next != null ? next : super.take();
  }
}
