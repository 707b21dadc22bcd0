package io.edgemarket.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An on/off process: a burst of {@code minSize..maxSize} calls (uniform) whose offsets are drawn
 * uniformly within {@code spreadNanos}, then a quiet spell drawn from an exponential distribution
 * whose mean makes the long-run rate {@code rate}. A quiet spell lasts at least one spread, so
 * bursts never run into each other and each is seen whole (two calls more than a spread apart
 * belong to different bursts); above {@code meanSize / (2 × spread)} calls per second the rest of
 * the quiet spells vanish and the rate is capped there.
 */
record BurstArrivals(double rate, int minSize, int maxSize, long spreadNanos) implements Arrivals {
  BurstArrivals {
    if (!(rate > 0) || minSize < 1 || maxSize < minSize || spreadNanos < 1) {
      throw new IllegalArgumentException(
          "bursts need rate > 0, 1 <= minSize <= maxSize and a positive spread");
    }
  }

  /** Mean nanoseconds from one burst's start to the next's. */
  double meanCycleNanos() {
    return (minSize + maxSize) / 2.0 / rate * 1e9;
  }

  @Override
  public long[] schedule(double seconds, SplittableRandom random) {
    long end = Math.round(seconds * 1e9);
    double meanQuiet = Math.max(0, meanCycleNanos() - 2.0 * spreadNanos);
    long[] due = new long[Math.max(16, (int) (rate * seconds * 1.5) + maxSize)];
    int n = 0;
    long start = Math.round(exponential(random, meanCycleNanos()));
    while (start < end) {
      int size = random.nextInt(minSize, maxSize + 1);
      long[] burst = new long[size];
      for (int i = 0; i < size; i++) {
        burst[i] = start + random.nextLong(spreadNanos);
      }
      Arrays.sort(burst);
      for (long at : burst) {
        if (at < end) {
          if (n == due.length) {
            due = Arrays.copyOf(due, due.length * 2);
          }
          due[n++] = at;
        }
      }
      start += 2 * spreadNanos + Math.round(exponential(random, meanQuiet));
    }
    return Arrays.copyOf(due, n);
  }

  private static double exponential(SplittableRandom random, double mean) {
    return mean <= 0 ? 0 : -mean * Math.log(1 - random.nextDouble());
  }
}
