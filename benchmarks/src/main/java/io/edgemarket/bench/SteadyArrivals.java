package io.edgemarket.bench;

import java.util.SplittableRandom;

/** Call {@code i} due at {@code i / rate} seconds: no randomness at all. */
record SteadyArrivals(double rate) implements Arrivals {
  SteadyArrivals {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
  }

  @Override
  public long[] schedule(double seconds, SplittableRandom random) {
    long end = Math.round(seconds * 1e9);
    int count = (int) Math.max(1, Math.round(rate * seconds));
    long[] due = new long[count];
    int n = 0;
    for (int i = 0; i < count; i++) {
      long at = Math.round(i * 1e9 / rate);
      if (at < end) {
        due[n++] = at;
      }
    }
    return n == count ? due : java.util.Arrays.copyOf(due, n);
  }
}
