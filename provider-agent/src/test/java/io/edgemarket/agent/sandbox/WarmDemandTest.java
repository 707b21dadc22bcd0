package io.edgemarket.agent.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Demand is the most executions running at once within the window: a burst raises it, then it
 * decays.
 */
class WarmDemandTest {

  private static final long WINDOW = 1_000;

  @Test
  void aFunctionInUseWantsOneAndNeverMoreThanTheCeiling() {
    WarmDemand demand = new WarmDemand(WINDOW, 0);
    assertEquals(1, demand.target(0, 4), "asked for, nothing ran yet");
    for (int i = 0; i < 10; i++) {
      demand.started(10);
    }
    assertEquals(10, demand.peak(10));
    assertEquals(4, demand.target(10, 4));
    assertEquals(0, demand.target(10, 0), "a ceiling of 0 keeps nothing warm");
  }

  @Test
  void oneCallerAtATimeWantsOne() {
    WarmDemand demand = new WarmDemand(WINDOW, 0);
    for (long t = 0; t < 5_000; t += 7) {
      demand.started(t);
      demand.ended(t + 3);
    }
    assertEquals(1, demand.peak(5_000));
  }

  @Test
  void aBurstRaisesTheTargetUntilItLeavesTheWindow() {
    WarmDemand demand = new WarmDemand(WINDOW, 0);
    for (int i = 0; i < 5; i++) {
      demand.started(100);
    }
    for (int i = 0; i < 5; i++) {
      demand.ended(120);
    }
    assertEquals(0, demand.running());
    assertEquals(5, demand.target(120, 8), "right after the burst");
    assertEquals(5, demand.target(100 + WINDOW * 3 / 4 - 1, 8), "still within the window");
    // Calls go on one at a time: once the burst is a window old, the target is theirs.
    for (long t = 200; t < 100 + 2 * WINDOW; t += 50) {
      demand.started(t);
      demand.ended(t + 10);
    }
    assertEquals(1, demand.target(100 + 2 * WINDOW, 8));
  }

  @Test
  void executionsStillRunningCountHoweverLongAgoTheyStarted() {
    WarmDemand demand = new WarmDemand(WINDOW, 0);
    demand.started(0);
    demand.started(0);
    demand.started(0);
    assertEquals(3, demand.peak(10 * WINDOW));
    demand.ended(10 * WINDOW);
    assertEquals(3, demand.peak(10 * WINDOW), "they ran at once until now");
    assertEquals(2, demand.peak(12 * WINDOW));
  }

  @Test
  void idleOnlyWithNothingRunningAndNoUseWithinTheTimeout() {
    WarmDemand demand = new WarmDemand(WINDOW, 0);
    demand.started(100);
    assertFalse(demand.idle(100 + 10 * WINDOW, WINDOW), "a long execution keeps it in use");
    demand.ended(500);
    assertFalse(demand.idle(500 + WINDOW - 1, WINDOW));
    assertTrue(demand.idle(500 + WINDOW, WINDOW));
  }

  @Test
  void negativeClockReadingsAreFine() {
    // System.nanoTime() may be negative.
    WarmDemand demand = new WarmDemand(WINDOW, -5_000);
    demand.started(-5_000);
    demand.started(-4_990);
    demand.ended(-4_980);
    demand.ended(-4_970);
    assertEquals(2, demand.peak(-4_960));
    assertEquals(0, demand.peak(-5_000 + 2 * WINDOW));
  }

  @Test
  void aWindowTooShortToSplitIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WarmDemand(WarmDemand.BUCKETS - 1, 0));
  }
}
