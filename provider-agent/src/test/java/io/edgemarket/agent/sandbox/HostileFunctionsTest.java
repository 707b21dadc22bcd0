package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Each hostile function ends in a function error with the right message, and leaves the sandbox
 * healthy. One worker thread only: if a hostile run leaked its thread, the echo after it would
 * never run. Here in the interpreter; {@link CompiledHostileFunctionsTest} runs the same compiled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFunctionsTest {

  // Generous: the point is that the run ends at all, not how fast.
  private static final Duration BOUND = Duration.ofSeconds(30);

  private final WasmModuleCache cache = new WasmModuleCache();
  private WasmSandbox sandbox;

  @BeforeAll
  void start() {
    sandbox = new WasmSandbox(cache, 1, tiering());
  }

  @AfterAll
  void stop() {
    sandbox.close();
  }

  Tiering tiering() {
    return Tiering.interpreterOnly();
  }

  /** The module to run: as loaded here, compiled in the subclass. */
  LoadedModule prepare(LoadedModule module) {
    return module;
  }

  @AfterEach
  void sandboxStillRunsEcho() {
    Execution echo = run("echo", "still alive\n", SandboxLimits.defaults());
    assertEquals(Execution.Status.OK, echo.status(), echo::error);
    assertEquals("still alive\n", echo.outputUtf8());
  }

  private Execution run(String function, String input, SandboxLimits limits) {
    LoadedModule module = prepare(Samples.load(cache, function));
    return within(() -> sandbox.run(module, utf8(input), limits));
  }

  private Execution run(byte[] wasm) throws BadModuleException {
    LoadedModule module = prepare(cache.load(wasm));
    return within(() -> sandbox.run(module, new byte[0], SandboxLimits.defaults()));
  }

  /** Runs the call on a thread of its own, handing it to a sandbox worker, bounded by BOUND. */
  Execution within(ThrowingSupplier<Execution> call) {
    return assertTimeoutPreemptively(BOUND, call);
  }

  WasmSandbox sandbox() {
    return sandbox;
  }

  private static void assertFunctionError(String expectedError, Execution result) {
    assertEquals(Execution.Status.FUNCTION_ERROR, result.status());
    assertEquals(expectedError, result.error());
  }

  @Test
  void endlessLoopStopsAtTheDeadline() {
    Execution result =
        run("loop", "", SandboxLimits.defaults().withDeadline(Duration.ofMillis(200)));
    assertFunctionError("deadline of 200 ms exceeded", result);
    assertTrue(result.usage().fuel() > 0);
  }

  @Test
  void endlessLoopStopsAtTheFuelCap() {
    Execution result = run("loop", "", SandboxLimits.defaults().withMaxFuel(100_000));
    assertFunctionError("fuel limit of 100000 instructions exceeded", result);
    assertEquals(100_000, result.usage().fuel());
  }

  @Test
  void memoryBombStopsAtTheMemoryCap() {
    Execution result = run("membomb", "", SandboxLimits.defaults());
    assertFunctionError("memory limit of 64 MiB exceeded", result);
    assertEquals(SandboxLimits.DEFAULT_MEMORY_BYTES, result.usage().peakMemoryBytes());

    Execution small = run("membomb", "", SandboxLimits.defaults().withMemoryBytes(1 << 20));
    assertFunctionError("memory limit of 1 MiB exceeded", small);
    assertEquals(1 << 20, small.usage().peakMemoryBytes());
  }

  @Test
  void moduleWhoseInitialMemoryExceedsTheCapFails() {
    // echo starts with 2 pages (128 KiB).
    Execution result = run("echo", "x", SandboxLimits.defaults().withMemoryBytes(64 * 1024));
    assertFunctionError("memory limit of 64 KiB exceeded", result);
  }

  @Test
  void unboundedRecursionExhaustsTheCallStack() {
    assertFunctionError("call stack exhausted", run("recurse", "", SandboxLimits.defaults()));
  }

  @Test
  void endlessOutputStopsAtTheOutputCap() {
    Execution result = run("bigoutput", "", SandboxLimits.defaults());
    assertFunctionError("output exceeds 1048576 bytes", result);
    // Output up to the cap is kept.
    assertEquals(1 << 20, result.output().length);
    assertEquals(
        "xxxx", new String(result.output(), 0, 4, java.nio.charset.StandardCharsets.UTF_8));

    Execution tiny = run("bigoutput", "", SandboxLimits.defaults().withMaxOutputBytes(10));
    assertFunctionError("output exceeds 10 bytes", tiny);
    assertEquals(10, tiny.output().length);
  }

  @Test
  void recursionWithManyLocalsExhaustsTheCallStackNotTheHeap() throws Exception {
    // 50,000 locals a frame: 10,000 frames would need 4 GB of heap.
    assertFunctionError("call stack exhausted", run(WasmBytes.fatRecursion(50_000, 0)));
  }

  @Test
  void recursionWithDeepOperandStacksExhaustsTheCallStack() throws Exception {
    assertFunctionError("call stack exhausted", run(WasmBytes.fatRecursion(0, 2_000)));
  }

  @Test
  void tableBombStopsAtTheTableCap() {
    assertFunctionError(
        "table limit of 1048576 elements exceeded", run("tablebomb", "", SandboxLimits.defaults()));
  }

  @Test
  void loopsClosedByBrIfOrBrTableStopAtTheDeadline() throws BadModuleException {
    // Found by GeneratedModulesTest: Chicory's interpreter looks at interrupts only at calls and
    // br, so with no fuel cap these ran forever; the watchdog now also empties the fuel global.
    byte[][] loops = {
      WasmBytes.bytes(0, 0x03, 0x40, 0x41, 1, 0x0d, 0, 0x0b, 0x0b), // loop br_if 0
      WasmBytes.bytes(0, 0x03, 0x40, 0x41, 0, 0x0e, 0, 0, 0x0b, 0x0b) // loop br_table 0
    };
    SandboxLimits limits = SandboxLimits.defaults().withDeadline(Duration.ofMillis(300));
    for (byte[] body : loops) {
      byte[] module =
          WasmBytes.command(
              WasmBytes.bytes(1, 0x60, 0, 0),
              WasmBytes.bytes(1, 0),
              WasmBytes.code(body),
              0,
              new byte[0][]);
      LoadedModule loaded = prepare(cache.load(module));
      Execution result = within(() -> sandbox.run(loaded, new byte[0], limits));
      assertFunctionError("deadline of 300 ms exceeded", result);
      assertTrue(result.usage().fuel() > 0, result::toString);
    }
  }

  @Test
  void aTableGrowthWhoseNewSizeOverflowsAnIntFails() throws BadModuleException {
    // Found by GeneratedModulesTest: Chicory added size and delta as ints and threw
    // NegativeArraySizeException. table.grow(null, 2^31 - 1) must return -1, else unreachable.
    byte[] body =
        WasmBytes.bytes(
            0, 0xd0, 0x70, 0x41, 0xff, 0xff, 0xff, 0xff, 0x07, 0xfc, 15, 0, 0x41, 0x7f, 0x47, 0x04,
            0x40, 0x00, 0x0b, 0x0b);
    byte[] exports =
        new WasmWriter().u32(2).name("_start").u8(0).u32(0).name("memory").u8(2).toByteArray();
    byte[][] tables = {WasmBytes.bytes(1, 0x70, 0, 0xcd, 1), WasmBytes.bytes(1, 0x70, 1, 100, 100)};
    for (byte[] table : tables) {
      byte[] module =
          WasmBytes.module(
              WasmBytes.section(1, 1, 0x60, 0, 0),
              WasmBytes.section(3, 1, 0),
              WasmBytes.section(4, table),
              WasmBytes.section(5, 1, 0, 1),
              WasmBytes.section(7, new WasmWriter().bytes(exports).u32(0).toByteArray()),
              WasmBytes.section(10, WasmBytes.code(body)));
      Execution result = run(module);
      assertEquals(Execution.Status.OK, result.status(), result::error);
    }
  }

  @Test
  void unreachableTraps() {
    assertFunctionError("trap: unreachable", run("trap", "", SandboxLimits.defaults()));
  }

  @Test
  void nonZeroExitIsAFunctionErrorAndKeepsTheOutput() {
    Execution result = run("exit3", "", SandboxLimits.defaults());
    assertFunctionError("exit code 3", result);
    assertEquals("bye\n", result.outputUtf8());
  }

  @Test
  void outputExactlyAtTheCapIsFine() {
    Execution result = run("echo", "12345", SandboxLimits.defaults().withMaxOutputBytes(5));
    assertEquals(Execution.Status.OK, result.status(), result::error);
    assertEquals("12345", result.outputUtf8());
    assertFunctionError(
        "output exceeds 4 bytes",
        run("echo", "12345", SandboxLimits.defaults().withMaxOutputBytes(4)));
  }
}
