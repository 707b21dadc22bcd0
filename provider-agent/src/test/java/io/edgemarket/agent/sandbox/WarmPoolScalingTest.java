package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hot module's ready instances follow its demand: a burst of concurrent executions raises them
 * (up to the ceiling), they fall back when the burst is over, and a module nobody calls within the
 * idle timeout keeps none until it is called again.
 */
class WarmPoolScalingTest {

  private static final int CEILING = 4;
  // Long enough that the executions of a burst overlap; the loop ends at its fuel cap.
  private static final SandboxLimits SPIN = SandboxLimits.defaults().withMaxFuel(20_000_000);
  private static final SandboxLimits LIMITS = SandboxLimits.defaults();

  private WasmSandbox sandbox;
  private ExecutorService callers;

  private WasmSandbox open(Duration idleTimeout) {
    // Hot at once; as many workers as the ceiling, so that a burst can run all at once.
    sandbox = new WasmSandbox(new WasmModuleCache(), CEILING, new Tiering(0, CEILING, idleTimeout));
    return sandbox;
  }

  @AfterEach
  void close() {
    if (callers != null) {
      callers.shutdownNow();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private void burst(LoadedModule module) throws Exception {
    if (callers == null) {
      callers = Executors.newFixedThreadPool(CEILING);
    }
    List<Future<Execution>> runs = new ArrayList<>();
    for (int i = 0; i < CEILING; i++) {
      runs.add(callers.submit(() -> sandbox.run(module, new byte[0], SPIN)));
    }
    for (Future<Execution> run : runs) {
      assertEquals("fuel limit of 20000000 instructions exceeded", run.get().error());
    }
  }

  @Test
  void aBurstOfConcurrentExecutionsLeavesMoreThanOneInstanceReady() throws Exception {
    open(Tiering.DEFAULT_WARM_IDLE_TIMEOUT);
    LoadedModule loop = Samples.compiled(sandbox.modules(), "loop");
    sandbox.run(loop, new byte[0], SPIN);
    Await.until("one instance ready after a single call", () -> sandbox.warmInstances(loop) == 1);
    assertEquals(1, sandbox.warmTarget(loop), "one call at a time wants one instance");

    // Instances come back after their callers have their results: poll (bursting again) until
    // those of a burst are back.
    Await.until(
        "more than one instance ready after a burst",
        () -> {
          burst(loop);
          return sandbox.warmInstances(loop) > 1;
        });

    assertTrue(sandbox.warmTarget(loop) > 1, "a burst raises the target");
    assertTrue(sandbox.warmInstances(loop) <= CEILING, "never more than the ceiling");
    WarmCapacity capacity = sandbox.warmCapacity();
    assertEquals(1, capacity.functions());
    assertTrue(capacity.ready() > 1 && capacity.target() <= CEILING, capacity::toString);
  }

  @Test
  void afterABurstTheReadyInstancesFallBackToWhatOneCallerAtATimeNeeds() throws Exception {
    // Demand counts over 1 s, and calls go on more often than the 2 s idle timeout.
    open(Duration.ofSeconds(2));
    LoadedModule loop = Samples.compiled(sandbox.modules(), "loop");
    Await.until(
        "more than one instance ready after a burst",
        () -> {
          burst(loop);
          return sandbox.warmInstances(loop) > 1;
        });

    Await.until(
        "one instance ready while calls come one at a time",
        () -> {
          assertTrue(sandbox.run(loop, new byte[0], SPIN).error() != null);
          return sandbox.warmInstances(loop) == 1 && sandbox.warmTarget(loop) == 1;
        });
  }

  @Test
  void anIdleModuleScalesToZeroAndAnotherCallBringsItBack() throws Exception {
    open(Duration.ofMillis(300));
    LoadedModule echo = Samples.compiled(sandbox.modules(), "echo");
    assertEquals("a", sandbox.run(echo, utf8("a"), LIMITS).outputUtf8());
    Await.until("an instance ready", () -> sandbox.warmInstances(echo) == 1);
    assertTrue(sandbox.warmBytes() > 0);

    Await.until(
        "no instance and no memory held once idle",
        () -> sandbox.warmInstances(echo) == 0 && sandbox.warmBytes() == 0);
    assertEquals(0, sandbox.warmTarget(echo));
    assertEquals(WarmCapacity.NONE, sandbox.warmCapacity());

    // Cold: the call builds its own instance; then it is kept for the next.
    long built = echo.instancesBuilt();
    Execution cold = sandbox.run(echo, utf8("again"), LIMITS);
    assertTrue(cold.isOk(), cold::toString);
    assertEquals("again", cold.outputUtf8());
    Await.until("the pool refilled", () -> sandbox.warmInstances(echo) == 1);
    assertEquals(built + 1, echo.instancesBuilt(), "built on the call's path, then reused");
    assertEquals("b", sandbox.run(echo, utf8("b"), LIMITS).outputUtf8());
    assertEquals(built + 1, echo.instancesBuilt(), "the refilled instance served the next call");
  }
}
