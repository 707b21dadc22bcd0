package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hot modules run on instances that earlier executions used, put back as built: nothing one
 * execution leaves (memory, globals, grown memory, WASI state, the random stream) is visible to the
 * next, however it ended, and the limits hold on reused instances as on fresh ones. {@code snoop}
 * reports what it finds, then plants secrets.
 */
class InstanceReuseTest {

  private static final SandboxLimits LIMITS = SandboxLimits.defaults();

  private WasmSandbox sandbox;
  private LoadedModule snoop;
  private Execution pristine;

  @BeforeEach
  void start() throws Exception {
    // Hot at once, compiled, up to two warm instances; one worker so that runs follow each other
    // (so one instance is kept: the demand of one execution at a time).
    sandbox = new WasmSandbox(new WasmModuleCache(), 1, new Tiering(0, 2));
    snoop = Samples.compiled(sandbox.modules(), "snoop");
    // What a fresh instance sees, from a sandbox that never reuses anything.
    try (WasmSandbox reference =
        new WasmSandbox(new WasmModuleCache(), 1, Tiering.interpreterOnly())) {
      pristine = reference.run(Samples.load(reference.modules(), "snoop"), utf8("o"), LIMITS);
    }
    assertTrue(pristine.isOk(), pristine::toString);
    assertTrue(
        pristine.outputUtf8().matches("seen g=0 a=0 b=0 c=0 d=100 p=1 r=\\d+ n=1\n"),
        pristine.outputUtf8());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private Execution run(String input, SandboxLimits limits) throws InterruptedException {
    return sandbox.run(snoop, utf8(input), limits);
  }

  private void assertPristine(String after) throws InterruptedException {
    Execution next = run("o", LIMITS);
    assertTrue(next.isOk(), next::toString);
    assertEquals(pristine.outputUtf8(), next.outputUtf8(), "after " + after);
    assertEquals(pristine.usage().fuel(), next.usage().fuel(), "fuel after " + after);
    assertEquals(pristine.usage().peakMemoryBytes(), next.usage().peakMemoryBytes());
  }

  @Test
  void instancesAreReusedAndEveryRunStillSeesTheInstanceAsBuilt() throws Exception {
    for (int i = 0; i < 50; i++) {
      assertPristine("run " + i);
    }
    assertTrue(snoop.isCompiled());
    // How many instances were built before compiling finished depends on how fast the machine
    // compiled (CI once saw 5): count from the first run on compiled code instead. From then on,
    // runs reuse instances: the pool's one, plus at most a few built while compiling finished.
    long builtWhenCompiled = snoop.instancesBuilt();
    for (int i = 0; i < 50; i++) {
      assertPristine("compiled run " + i);
    }
    long built = snoop.instancesBuilt() - builtWhenCompiled;
    assertTrue(built <= 3, "instances built over 50 runs on compiled code: " + built);
  }

  /** However a run ends, the next sees nothing of it. */
  @ParameterizedTest
  @ValueSource(strings = {"o", "g", "t", "x", "c", "b"})
  void nothingSurvivesARunHoweverItEnded(String mode) throws Exception {
    for (int i = 0; i < 3; i++) {
      Execution dirty = run(mode, LIMITS);
      assertTrue(dirty.outputUtf8().startsWith("seen g=0 a=0 "), dirty::toString);
      assertPristine(mode + " (round " + i + ")");
    }
  }

  @Test
  void theMemoryCapStillHoldsOnAReusedInstance() throws Exception {
    assertPristine("warm-up");
    // The warm-up's take may have started a refill in the background (CI once counted it during
    // the bomb): count from when the pool is full (one instance for one caller at a time), after
    // which it builds nothing until a run's instance cannot be put back.
    Await.until("a warm instance", () -> sandbox.warmInstances(snoop) >= 1);
    long built = snoop.instancesBuilt();
    Execution bomb = run("b", LIMITS);
    assertEquals("memory limit of 64 MiB exceeded", bomb.error());
    assertEquals(built, snoop.instancesBuilt(), "the bomb ran on a reused instance");
    assertPristine("bomb");
  }

  @Test
  void theFuelCapStillHoldsOnAReusedInstanceAndARunOutOfFuelLeavesNothing() throws Exception {
    assertPristine("warm-up");
    long fuel = pristine.usage().fuel();
    Execution exact = run("o", LIMITS.withMaxFuel(fuel));
    assertTrue(exact.isOk(), exact::toString);
    Execution starved = run("o", LIMITS.withMaxFuel(fuel - 1));
    assertEquals("fuel limit of " + (fuel - 1) + " instructions exceeded", starved.error());
    assertEquals(fuel - 1, starved.usage().fuel());
    assertPristine("a run out of fuel");

    Execution spin = run("l", LIMITS.withMaxFuel(100_000));
    assertEquals("fuel limit of 100000 instructions exceeded", spin.error());
    assertPristine("an endless loop out of fuel");
  }

  @Test
  void aRunStoppedAtItsDeadlineLeavesNothing() throws Exception {
    assertPristine("warm-up");
    Execution spin = run("l", LIMITS.withDeadline(Duration.ofMillis(100)));
    assertEquals("deadline of 100 ms exceeded", spin.error());
    assertPristine("the deadline");
  }

  @Test
  void aModuleThatChangesItsTablesIsNeverReused() throws Exception {
    assertTrue(snoop.reusable());
    LoadedModule tables = Samples.load(sandbox.modules(), "tablebomb");
    assertFalse(tables.reusable());
  }
}
