package io.edgemarket.broker.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or a generous deadline passes: behaviour, never timing. */
public final class Await {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private Await() {}

  public static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      last = probe.get();
    }
    return last;
  }
}
