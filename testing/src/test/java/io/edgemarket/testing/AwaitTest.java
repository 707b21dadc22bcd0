package io.edgemarket.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  @Test
  void returnsTheFirstValueTheConditionAccepts() {
    AtomicInteger polls = new AtomicInteger();
    assertEquals(3, Await.until("three polls", polls::incrementAndGet, n -> n >= 3));
    Await.until("a condition", () -> polls.incrementAndGet() > 5);
    assertEquals(6, polls.get());
  }

  @Test
  void givesUpAfterTheBoundNamingWhatItWaitedForAndWhatItSaw() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> Await.until("never", Duration.ofMillis(50), () -> "nope", "yes"::equals));
    assertTrue(e.getMessage().contains("waiting for never; last seen: nope"), e.getMessage());
  }

  @Test
  void aFailingConditionEndsTheWait() {
    IllegalStateException unchecked = new IllegalStateException("broken");
    assertSame(
        unchecked,
        assertThrows(
            IllegalStateException.class,
            () ->
                Await.until(
                    "x",
                    () -> {
                      throw unchecked;
                    })));
    AssertionError checked =
        assertThrows(
            AssertionError.class,
            () ->
                Await.until(
                    "the engine",
                    () -> {
                      throw new IOException("refused");
                    }));
    assertInstanceOf(IOException.class, checked.getCause());
  }
}
