package io.edgemarket.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void aLateCallCountsItsWaitFromTheDueTime() {
    Latencies latencies = new Latencies();
    long due = 1_000_000_000L;
    // Started 90 ms late (a stall), answered 10 ms after it started: 100 ms from its due time.
    long started = due + 90_000_000L;
    latencies.recordSinceDue(due, started + 10_000_000L);
    long recorded = latencies.at(50);
    assertTrue(Math.abs(recorded - 100_000) <= 100, "recorded " + recorded + " us");
  }

  @Test
  void percentilesOfAKnownSampleWithinThreeSignificantDigits() {
    long[] micros = new long[1000];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = (i + 1) * 100L; // 100 us .. 100 ms
    }
    Latencies.Summary s = Latencies.of(micros).summary();
    assertEquals(1000, s.count());
    assertNear(50_000, s.p50());
    assertNear(90_000, s.p90());
    assertNear(99_000, s.p99());
    assertNear(99_900, s.p999());
    assertNear(100_000, s.max());
  }

  @Test
  void addingSumsCountsAndAnEmptyHistogramSaysSo() {
    assertEquals(Latencies.Summary.EMPTY, new Latencies().summary());
    Latencies a = Latencies.of(new long[] {1_000, 2_000});
    a.add(Latencies.of(new long[] {900_000}));
    assertEquals(3, a.count());
    assertNear(900_000, a.summary().max());
  }

  private static void assertNear(long expected, long actual) {
    assertTrue(Math.abs(expected - actual) <= expected / 500, expected + " vs " + actual);
  }
}
