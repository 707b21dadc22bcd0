package io.edgemarket.bench;

import java.util.SplittableRandom;

/**
 * When the calls of one window are due: an arrival process at a mean rate. The schedule is drawn
 * whole before the window starts, from a seeded generator, so two runs with the same seed send the
 * same calls at the same offsets, and the driver's timing loop does no arithmetic of its own.
 */
interface Arrivals {
  /** Mean calls per second. */
  double rate();

  /** Offsets from the window's start, nanoseconds, ascending, all below {@code seconds}. */
  long[] schedule(double seconds, SplittableRandom random);

  /** One call every {@code 1/rate} seconds: steady traffic, or frames at a fixed frame rate. */
  static Arrivals steady(double rate) {
    return new SteadyArrivals(rate);
  }

  /**
   * Bursts of {@code minSize..maxSize} calls (uniform) spread over {@code spreadNanos}, separated
   * by exponentially distributed quiet spells, so that the mean rate is {@code rate}: sensors whose
   * gateway flushes a batch of readings at once.
   */
  static Arrivals bursts(double rate, int minSize, int maxSize, long spreadNanos) {
    return new BurstArrivals(rate, minSize, maxSize, spreadNanos);
  }
}
