package io.edgemarket.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalsTest {
  private static final long SPREAD = 5_000_000;

  @Test
  void steadyIsOneCallEveryIntervalAndNothingPastTheWindow() {
    long[] due = Arrivals.steady(20).schedule(3, new SplittableRandom(1));
    assertEquals(60, due.length);
    for (int i = 0; i < due.length; i++) {
      assertEquals(i * 50_000_000L, due[i]);
    }
  }

  @Test
  void burstsKeepTheMeanRateOverALongWindow() {
    long[] due = Arrivals.bursts(30, 10, 50, SPREAD).schedule(600, new SplittableRandom(7));
    // 18,000 expected; ~600 bursts of 30 on average, so a few percent either way.
    assertTrue(due.length > 16_200 && due.length < 19_800, "arrivals: " + due.length);
    for (int i = 1; i < due.length; i++) {
      assertTrue(due[i] >= due[i - 1], "ascending at " + i);
    }
    assertTrue(due[due.length - 1] < 600_000_000_000L);
  }

  @Test
  void eachBurstHoldsTenToFiftyCallsWithinTheSpread() {
    List<long[]> bursts =
        split(Arrivals.bursts(30, 10, 50, SPREAD).schedule(120, new SplittableRandom(3)));
    assertTrue(bursts.size() > 50, "bursts: " + bursts.size());
    int small = Integer.MAX_VALUE;
    int large = 0;
    // The last burst may be cut by the window's end.
    for (long[] burst : bursts.subList(0, bursts.size() - 1)) {
      assertTrue(burst.length >= 10 && burst.length <= 50, "burst of " + burst.length);
      assertTrue(burst[burst.length - 1] - burst[0] < SPREAD, "burst longer than the spread");
      small = Math.min(small, burst.length);
      large = Math.max(large, burst.length);
    }
    assertTrue(large - small > 20, "sizes vary: " + small + ".." + large);
  }

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
    Arrivals bursts = Arrivals.bursts(30, 10, 50, SPREAD);
    long[] once = bursts.schedule(60, new SplittableRandom(42));
    assertArrayEquals(once, bursts.schedule(60, new SplittableRandom(42)));
    assertTrue(
        once.length != bursts.schedule(60, new SplittableRandom(43)).length
            || once[0] != bursts.schedule(60, new SplittableRandom(43))[0]);
  }

  /**
   * Groups arrivals separated by more than the spread: bursts never overlap, so each group is one.
   */
  private static List<long[]> split(long[] due) {
    List<long[]> bursts = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= due.length; i++) {
      if (i == due.length || due[i] - due[i - 1] > SPREAD) {
        bursts.add(java.util.Arrays.copyOfRange(due, from, i));
        from = i;
      }
    }
    return bursts;
  }
}
