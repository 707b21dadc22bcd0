package io.edgemarket.sdk;

import java.time.Duration;

/**
 * Tries again while the broker is down or restarting, as {@link BrokerHttp#sendPatiently} does: a
 * pause growing from 100 ms to 1 s between tries, and no try that would start after the deadline.
 * One per call; not thread-safe.
 */
final class Patience {
  private final long start = System.nanoTime();
  private final long deadline;
  private int attempt;

  Patience(Duration wait) {
    this.deadline = start + wait.toNanos();
  }

  /**
   * Sleeps before the next try and returns true, or returns false at once when that try would be
   * after the deadline.
   *
   * @throws InterruptedException when interrupted while pausing (the interrupt flag is set again)
   */
  boolean pauseBeforeRetry() throws InterruptedException {
    long pause = Math.min(1_000L, 100L << Math.min(attempt, 4));
    if (System.nanoTime() + pause * 1_000_000 >= deadline) {
      return false;
    }
    attempt++;
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
    return true;
  }

  /** Whether a try was made again, i.e. whether {@link #tried()} is worth saying. */
  boolean retried() {
    return attempt > 0;
  }

  Duration tried() {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
