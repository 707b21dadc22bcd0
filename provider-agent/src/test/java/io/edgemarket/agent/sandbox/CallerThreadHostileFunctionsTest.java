package io.edgemarket.agent.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * The hostile functions of {@link HostileFunctionsTest} run on the caller's own thread, as the
 * agent's link runners run them (issue 11: no hand-off to a worker): the same errors, the same
 * bounds, the caller never left interrupted, and no worker thread ever started.
 */
class CallerThreadHostileFunctionsTest extends HostileFunctionsTest {
  private final CallerThread caller = new CallerThread();

  @Override
  Execution within(ThrowingSupplier<Execution> call) {
    return caller.run(call, java.time.Duration.ofSeconds(30));
  }

  @AfterAll
  void noWorkerRanAnything() {
    assertEquals(0, sandbox().workersEverStarted(), "every execution ran on its caller");
    caller.close();
  }
}
