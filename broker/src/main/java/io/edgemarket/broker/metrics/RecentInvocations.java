package io.edgemarket.broker.metrics;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Invocations that ended in the last few seconds, for the live market view: how many per second and
 * how long the served ones took (p50, p99). Prometheus' timers answer "since start"; a chart of
 * what happens now needs a window that forgets. Counts are kept per second (exact at any rate);
 * latencies as the last {@link #SAMPLES} served invocations, so a percentile over the window reads
 * at most that many.
 */
public final class RecentInvocations {
  /** The window the figures cover, in whole seconds before the current one. */
  public static final int WINDOW_SECONDS = 5;

  static final int SAMPLES = 4096;

  /** The figures over the window; the percentiles are null when nothing was served in it. */
  public record Window(
      int windowSeconds, double ratePerSecond, Double p50Millis, Double p99Millis, int samples) {}

  private final LongSupplier nanos;
  private final long[] secondOf = new long[WINDOW_SECONDS + 1];
  private final long[] countOf = new long[WINDOW_SECONDS + 1];
  private final long[] sampleAt = new long[SAMPLES];
  private final long[] sampleNanos = new long[SAMPLES];
  private int nextSample;
  private int samples;

  public RecentInvocations() {
    this(System::nanoTime);
  }

  RecentInvocations(LongSupplier nanos) {
    this.nanos = nanos;
    Arrays.fill(secondOf, Long.MIN_VALUE);
  }

  /**
   * One invocation ended; {@code served}: it ran (OK or a function error), timed from its start.
   */
  public synchronized void ended(boolean served, long latencyNanos) {
    long now = nanos.getAsLong();
    long second = TimeUnit.NANOSECONDS.toSeconds(now);
    int slot = (int) Math.floorMod(second, (long) secondOf.length);
    if (secondOf[slot] != second) {
      secondOf[slot] = second;
      countOf[slot] = 0;
    }
    countOf[slot]++;
    if (served) {
      sampleAt[nextSample] = now;
      sampleNanos[nextSample] = Math.max(0, latencyNanos);
      nextSample = (nextSample + 1) % SAMPLES;
      samples = Math.min(samples + 1, SAMPLES);
    }
  }

  /**
   * The rate over the last {@link #WINDOW_SECONDS} complete seconds (the current one is partial and
   * would read low), and the latency percentiles of what was served within the window.
   */
  public synchronized Window window() {
    long now = nanos.getAsLong();
    long current = TimeUnit.NANOSECONDS.toSeconds(now);
    long ended = 0;
    for (int i = 0; i < secondOf.length; i++) {
      if (secondOf[i] < current && secondOf[i] >= current - WINDOW_SECONDS) {
        ended += countOf[i];
      }
    }
    long since = now - TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
    long[] recent = new long[samples];
    int n = 0;
    for (int i = 0; i < samples; i++) {
      if (sampleAt[i] - since >= 0) {
        recent[n++] = sampleNanos[i];
      }
    }
    Arrays.sort(recent, 0, n);
    return new Window(
        WINDOW_SECONDS,
        (double) ended / WINDOW_SECONDS,
        n == 0 ? null : millis(recent[rank(n, 0.50)]),
        n == 0 ? null : millis(recent[rank(n, 0.99)]),
        n);
  }

  /** The nearest-rank percentile's index in {@code n} sorted values. */
  private static int rank(int n, double p) {
    return Math.max(0, (int) Math.ceil(p * n) - 1);
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }
}
