package io.edgemarket.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample. */
final class Percentiles {
  private final long[] sorted;

  Percentiles(long[] values) {
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  /** The smallest value with at least {@code p} percent of the sample at or below it. */
  long at(double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  int count() {
    return sorted.length;
  }
}
