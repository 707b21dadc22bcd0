package io.edgemarket.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies in microseconds in an HdrHistogram (3 significant digits, up to an hour), safe to
 * record from every calling thread at once. An open loop records each call from the moment it was
 * <em>due</em> ({@link #recordSinceDue}), so a call that started late because the client, broker or
 * agent stalled carries that wait in its latency instead of hiding it (coordinated omission).
 */
final class Latencies {
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

  private final Histogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);

  /** The percentiles of one histogram, microseconds; -1 throughout when nothing was recorded. */
  record Summary(long count, long p50, long p90, long p99, long p999, long max) {
    static final Summary EMPTY = new Summary(0, -1, -1, -1, -1, -1);
  }

  /** Records a call due at {@code dueNanos} that answered at {@code answeredNanos}. */
  void recordSinceDue(long dueNanos, long answeredNanos) {
    record((answeredNanos - dueNanos) / 1000);
  }

  /** Records one value; negative values (a clock read before its due time) count as 0. */
  void record(long micros) {
    histogram.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, micros)));
  }

  /** Adds everything {@code other} recorded, e.g. to sum several mixes into one row. */
  void add(Latencies other) {
    histogram.add(other.histogram);
  }

  long count() {
    return histogram.getTotalCount();
  }

  /** The value at percentile {@code p} (0-100), -1 when empty. */
  long at(double p) {
    return count() == 0 ? -1 : histogram.getValueAtPercentile(p);
  }

  Summary summary() {
    if (count() == 0) {
      return Summary.EMPTY;
    }
    return new Summary(count(), at(50), at(90), at(99), at(99.9), histogram.getMaxValue());
  }

  static Latencies of(long[] micros) {
    Latencies latencies = new Latencies();
    for (long value : micros) {
      latencies.record(value);
    }
    return latencies;
  }
}
