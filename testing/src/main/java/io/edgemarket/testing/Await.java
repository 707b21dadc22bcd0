package io.edgemarket.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Waits for something done in the background (a heartbeat, a settled batch, a filled pool) by
 * polling a condition. The bound is generous and only turns a hang into a failure: tests assert
 * behaviour, never how fast it happened. A condition that throws ends the wait: an unchecked
 * exception as itself, a checked one as an {@link AssertionError} with it as the cause.
 */
public final class Await {
  /** The bound when a caller names none. */
  public static final Duration BOUND = Duration.ofSeconds(60);

  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  /** A condition that may ask something that throws (an engine, an HTTP server). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Reads a value that may throw while reading it. */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  private Await() {}

  /** Returns once {@code condition} holds; fails after {@link #BOUND}. */
  public static void until(String what, Condition condition) {
    until(what, BOUND, condition);
  }

  public static void until(String what, Duration bound, Condition condition) {
    Objects.requireNonNull(condition, "condition");
    until(what, bound, condition::holds, Boolean.TRUE::equals);
  }

  /** Probes until {@code done} accepts the value, and returns it; fails after {@link #BOUND}. */
  public static <T> T until(String what, Probe<T> probe, Predicate<? super T> done) {
    return until(what, BOUND, probe, done);
  }

  public static <T> T until(
      String what, Duration bound, Probe<T> probe, Predicate<? super T> done) {
    long end = System.nanoTime() + bound.toNanos();
    T last = probe(what, probe);
    while (!done.test(last)) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(
            "gave up after "
                + bound.toSeconds()
                + " s waiting for "
                + what
                + "; last seen: "
                + last);
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
      last = probe(what, probe);
    }
    return last;
  }

  private static <T> T probe(String what, Probe<T> probe) {
    try {
      return probe.get();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("failed while waiting for " + what, e);
    }
  }
}
