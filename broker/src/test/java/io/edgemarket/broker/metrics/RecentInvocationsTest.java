package io.edgemarket.broker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentInvocationsTest {
  private final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(1_000));
  private final RecentInvocations recent = new RecentInvocations(now::get);

  private void advanceMillis(long ms) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void rateCountsCompleteSecondsAndPercentilesTheServedOnes() {
    for (int i = 1; i <= 100; i++) {
      recent.ended(true, TimeUnit.MILLISECONDS.toNanos(i));
    }
    recent.ended(false, TimeUnit.SECONDS.toNanos(9)); // failed: counted, not timed
    assertEquals(0.0, recent.window().ratePerSecond(), "the current second is not over");
    advanceMillis(1_000);
    RecentInvocations.Window w = recent.window();
    assertEquals(101.0 / RecentInvocations.WINDOW_SECONDS, w.ratePerSecond());
    assertEquals(50.0, w.p50Millis());
    assertEquals(99.0, w.p99Millis());
    assertEquals(100, w.samples());
  }

  @Test
  void theWindowForgets() {
    recent.ended(true, TimeUnit.MILLISECONDS.toNanos(7));
    advanceMillis(RecentInvocations.WINDOW_SECONDS * 1_000L + 1_000);
    RecentInvocations.Window w = recent.window();
    assertEquals(0.0, w.ratePerSecond());
    assertNull(w.p50Millis());
    assertNull(w.p99Millis());
  }
}
