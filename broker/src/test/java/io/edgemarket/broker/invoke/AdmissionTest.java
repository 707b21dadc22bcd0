package io.edgemarket.broker.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.broker.metrics.BrokerMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Admission's two limits on one consumer, on a clock the test moves. */
class AdmissionTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final BrokerMetrics metrics = new BrokerMetrics();

  @Test
  void aSlotFreesWhenItsInvocationEndsAndOnlyOnce() {
    Admission admission = new Admission(new ConsumerLimits(2, 0), metrics, now::get);
    Admission.Slot first = admission.enter("alice");
    admission.enter("alice");
    InvocationRefusedException refused =
        assertThrows(InvocationRefusedException.class, () -> admission.enter("alice"));
    assertEquals(Refusal.TOO_MANY_IN_FLIGHT, refused.refusal());
    assertEquals(1, refused.retryAfterSeconds());
    admission.enter("bob"); // another consumer's limit is its own
    first.close();
    first.close(); // closing twice frees one slot, not two
    admission.enter("alice");
    assertThrows(InvocationRefusedException.class, () -> admission.enter("alice"));
  }

  @Test
  void zeroMeansNoLimit() {
    Admission admission = new Admission(new ConsumerLimits(0, 0), metrics, now::get);
    for (int i = 0; i < 1_000; i++) {
      admission.enter("alice");
    }
  }

  @Test
  void theQuotaLetsAMinutesWorthThroughThenRefillsContinuously() {
    Admission admission = new Admission(new ConsumerLimits(0, 6), metrics, now::get);
    for (int i = 0; i < 6; i++) {
      admission.enter("alice");
    }
    InvocationRefusedException refused =
        assertThrows(InvocationRefusedException.class, () -> admission.enter("alice"));
    assertEquals(Refusal.QUOTA_EXCEEDED, refused.refusal());
    assertEquals(10, refused.retryAfterSeconds(), "one of six a minute comes back every 10 s");
    now.addAndGet(9_000);
    assertEquals(
        1,
        assertThrows(InvocationRefusedException.class, () -> admission.enter("alice"))
            .retryAfterSeconds());
    now.addAndGet(1_000);
    admission.enter("alice");
    assertThrows(InvocationRefusedException.class, () -> admission.enter("alice"));
    now.addAndGet(3_600_000); // idle for an hour: a minute's worth, no more
    for (int i = 0; i < 6; i++) {
      admission.enter("alice");
    }
    assertThrows(InvocationRefusedException.class, () -> admission.enter("alice"));
  }

  @Test
  void aCallRefusedByTheQuotaHoldsNoSlot() {
    Admission admission = new Admission(new ConsumerLimits(1, 1), metrics, now::get);
    admission.enter("alice").close();
    assertThrows(InvocationRefusedException.class, () -> admission.enter("alice"));
    now.addAndGet(60_000);
    admission.enter("alice"); // the slot was not kept by the refusal
  }

  @Test
  void refusalsAreCountedByReason() {
    Admission admission = new Admission(new ConsumerLimits(1, 0), metrics, now::get);
    admission.enter("alice");
    assertThrows(InvocationRefusedException.class, () -> admission.enter("alice"));
    assertEquals(
        true,
        metrics
            .scrape()
            .contains("edgemarket_invocations_throttled_total{reason=\"in_flight\"} 1.0"),
        metrics.scrape());
  }
}
