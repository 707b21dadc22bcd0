package io.edgemarket.agent.sandbox;

import java.util.Arrays;

/**
 * Recent demand for one function, and so how much warm capacity it should have: the most executions
 * of it that ran at once within a sliding window, plus those running now. Used by the Wasm instance
 * pool and by the container pool, each under its own lock (this class is not thread-safe). Times
 * are in any unit, the same for every call and for the window.
 *
 * <p>Why peak concurrency rather than a decayed arrival rate times the mean run time: a warm
 * instance or container serves one execution at a time, so what a burst needs ready is how many of
 * its executions run at once. Rate times run time (Little's law) is the mean of that number, which
 * would leave every execution above the mean to a cold start, and it needs run times measured; the
 * peak is counted exactly, from starts and ends alone. The window (in {@link #BUCKETS} steps, so
 * the peak falls back in steps rather than all at once) is what makes it decay once a burst is
 * over.
 */
public final class WarmDemand {

  /** Steps the window moves in; a window must be at least this many units long. */
  public static final int BUCKETS = 4;

  private final long bucketLength;
  // Per bucket: which step of time it holds, and the most executions running at once in it.
  private final long[] steps = new long[BUCKETS];
  private final int[] peaks = new int[BUCKETS];
  private int running;
  private long lastUsed;

  /**
   * @param window how long a peak counts (at least {@link #BUCKETS} units)
   * @param now when the function was first asked for
   */
  public WarmDemand(long window, long now) {
    if (window < BUCKETS) {
      throw new IllegalArgumentException("window too short: " + window);
    }
    this.bucketLength = window / BUCKETS;
    Arrays.fill(steps, Long.MIN_VALUE);
    this.lastUsed = now;
  }

  /** An execution starts. */
  public void started(long now) {
    running++;
    lastUsed = now;
    note(now);
  }

  /** An execution ended; idleness counts from the last end. */
  public void ended(long now) {
    lastUsed = now;
    note(now); // before counting it out: it ran until now, in this step too
    if (running > 0) {
      running--;
    }
  }

  /** Executions running now. */
  public int running() {
    return running;
  }

  /** When an execution last started or ended. */
  public long lastUsed() {
    return lastUsed;
  }

  /** Whether nothing runs and nothing started or ended within {@code timeout} before now. */
  public boolean idle(long now, long timeout) {
    return running == 0 && now - lastUsed >= timeout;
  }

  /** The most executions that ran at once within the window, those running now included. */
  public int peak(long now) {
    long step = Math.floorDiv(now, bucketLength);
    int peak = running;
    for (int i = 0; i < BUCKETS; i++) {
      if (steps[i] > step - BUCKETS) {
        peak = Math.max(peak, peaks[i]);
      }
    }
    return peak;
  }

  /** What to keep warm: the peak, at least 1 (the function is in use), at most {@code ceiling}. */
  public int target(long now, int ceiling) {
    return Math.min(ceiling, Math.max(1, peak(now)));
  }

  private void note(long now) {
    long step = Math.floorDiv(now, bucketLength);
    int i = (int) Math.floorMod(step, (long) BUCKETS);
    if (steps[i] != step) {
      steps[i] = step;
      peaks[i] = running;
    } else {
      peaks[i] = Math.max(peaks[i], running);
    }
  }
}
