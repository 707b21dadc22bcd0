package io.edgemarket.broker.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A stream of wrong route keys costs the ledger one full read of the grants per gap, no more. */
class MissedKeyReadTest {
  @Test
  void readsAtMostOncePerGap() {
    AtomicInteger reads = new AtomicInteger();
    MissedKeyRead missed = new MissedKeyRead(reads::incrementAndGet, 1_000);

    assertTrue(missed.tryRead(10_000));
    for (long now = 10_000; now < 11_000; now += 50) {
      assertFalse(missed.tryRead(now), "read again at " + now);
    }
    assertEquals(1, reads.get());
    assertTrue(missed.tryRead(11_000));
    assertEquals(2, reads.get());
  }
}
