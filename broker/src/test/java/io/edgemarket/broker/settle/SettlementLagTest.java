package io.edgemarket.broker.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SettlementLagTest {
  @Test
  void theLagIsTheOldestWaitingReceiptsAgeAndEachBatchKeepsItsOwn() {
    AtomicLong now = new AtomicLong(10_000);
    SettlementLag lag = new SettlementLag(now::get);
    assertEquals(0, lag.nowMillis(), "nothing waits");
    lag.queued("a");
    now.addAndGet(300);
    lag.queued("b");
    now.addAndGet(200);
    assertEquals(500, lag.nowMillis());
    lag.recorded(
        new BatchOutcome(
            "batch-1",
            "root",
            List.of(new BatchOutcome.Settled("a", "c", 5, "batch-1")),
            List.of(),
            5,
            now.get()));
    assertEquals(200, lag.nowMillis(), "b is the oldest now");
    assertEquals(500L, lag.batches().get("batch-1"));
    lag.recorded(
        new BatchOutcome(
            "batch-2",
            "root",
            List.of(),
            List.of(new BatchOutcome.Rejected("b", "c", 5, "BAD_SIGNATURE", "no")),
            0,
            now.get() + 50));
    assertEquals(0, lag.nowMillis());
    assertEquals(250L, lag.batches().get("batch-2"));
  }
}
