package io.edgemarket.agent;

import java.time.Duration;

/**
 * Admission control: at most {@code max} invocations at once, none once draining. Refusing at the
 * door (503) rather than queueing keeps the broker's view of this agent's load honest and lets it
 * place the work elsewhere at once. Thread-safe.
 */
final class Slots {
  private final int max;
  private int active;
  private boolean draining;

  Slots(int max) {
    this.max = max;
  }

  /** Takes a slot, or returns false when all are taken or the agent is draining. */
  synchronized boolean tryAcquire() {
    if (draining || active >= max) {
      return false;
    }
    active++;
    return true;
  }

  synchronized void release() {
    if (active <= 0) {
      throw new IllegalStateException("release without acquire");
    }
    active--;
    if (active == 0) {
      notifyAll();
    }
  }

  synchronized int active() {
    return active;
  }

  int max() {
    return max;
  }

  synchronized boolean draining() {
    return draining;
  }

  /** Stops admitting work; running invocations carry on. */
  synchronized void drain() {
    draining = true;
  }

  /** Waits until nothing runs or the timeout passes; true when idle. */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (active > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
