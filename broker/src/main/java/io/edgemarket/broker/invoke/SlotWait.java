package io.edgemarket.broker.invoke;

import java.util.concurrent.TimeUnit;

/**
 * How long an invocation whose providers are all busy waits for a slot, and the pauses between
 * asking again: 1, 2, 4, 8, then every 10 ms, for at most the function's own timeout (the time the
 * consumer agreed a call may take, capped at {@link #MAX_WAIT_MILLIS}) and never past a second
 * before the ticket expires, since a run must be assigned while its ticket is valid.
 */
final class SlotWait {
  /** The longest any invocation queues for a slot. */
  static final long MAX_WAIT_MILLIS = 5_000;

  private static final long LONGEST_PAUSE_MILLIS = 10;

  private final long deadlineMillis;
  private long pauseMillis = 1;

  SlotWait(long deadlineMillis) {
    this.deadlineMillis = deadlineMillis;
  }

  static SlotWait forJob(Attempts.Job job) {
    long now = System.currentTimeMillis();
    long waitable = Math.min(MAX_WAIT_MILLIS, Math.max(0, job.function().timeoutMs()));
    return new SlotWait(Math.min(now + waitable, job.ticket().expiresAt() - 1_000));
  }

  /** Sleeps before the next round; false, without sleeping, once the wait is over. */
  boolean pause() {
    long left = deadlineMillis - System.currentTimeMillis();
    if (left <= 0) {
      return false;
    }
    try {
      TimeUnit.MILLISECONDS.sleep(Math.min(pauseMillis, left));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    pauseMillis = Math.min(pauseMillis * 2, LONGEST_PAUSE_MILLIS);
    return true;
  }
}
