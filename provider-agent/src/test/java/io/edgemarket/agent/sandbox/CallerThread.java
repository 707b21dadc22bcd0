package io.edgemarket.agent.sandbox;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Runs sandbox calls on one of {@link WasmSandbox#callerThreads}, as the agent's link runners do:
 * the execution then runs on that very thread. After each call the thread must not be left
 * interrupted (the watchdog interrupts the thread running a function past its deadline).
 */
final class CallerThread implements AutoCloseable {
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(WasmSandbox.callerThreads("test-caller"));

  Execution run(ThrowingSupplier<Execution> call, Duration bound) {
    Future<Execution> done =
        thread.submit(
            () -> {
              try {
                return call.get();
              } catch (Throwable t) {
                throw new IllegalStateException(t);
              } finally {
                assertFalse(Thread.currentThread().isInterrupted(), "caller left interrupted");
              }
            });
    try {
      return done.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the call on the caller thread failed or hung", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
