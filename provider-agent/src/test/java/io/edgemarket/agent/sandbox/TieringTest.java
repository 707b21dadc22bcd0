package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.testing.Await;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Interpreted, compiled and warm-pooled executions are indistinguishable but for speed. */
class TieringTest {

  private static final Duration BOUND = Duration.ofSeconds(60);

  static Stream<Arguments> runs() {
    SandboxLimits defaults = SandboxLimits.defaults();
    return Stream.of(
        Arguments.of("echo", "hello", defaults),
        Arguments.of("echo", "y".repeat(150_000), defaults),
        Arguments.of("upper", "Hello, Wörld!", defaults),
        Arguments.of("wordcount", "a b c ".repeat(10_000), defaults),
        Arguments.of("anomaly", "1\n500\n", defaults),
        Arguments.of("anomaly", "oops", defaults),
        Arguments.of("determinism", "", defaults),
        Arguments.of("features", "", defaults),
        Arguments.of("tailcall", "", defaults),
        Arguments.of("trap", "", defaults),
        Arguments.of("exit3", "", defaults),
        Arguments.of("loop", "", defaults.withMaxFuel(1_000_000)),
        Arguments.of("wordcount", "a b c ".repeat(10_000), defaults.withMaxFuel(100_000)),
        Arguments.of("recurse", "", defaults),
        Arguments.of("membomb", "", defaults),
        Arguments.of("membomb", "", defaults.withMemoryBytes(1 << 20)),
        Arguments.of("bigoutput", "", defaults),
        Arguments.of("tablebomb", "", defaults));
  }

  /** THE determinism property: the same module and input meter the same in both tiers. */
  @ParameterizedTest
  @MethodSource("runs")
  void interpreterAndCompiledCodeAgreeOnEverythingButTime(
      String sample, String input, SandboxLimits l) throws Exception {
    try (WasmSandbox slow = new WasmSandbox(new WasmModuleCache(), 1, Tiering.interpreterOnly());
        WasmSandbox fast = new WasmSandbox(new WasmModuleCache(), 1, new Tiering(0, 0))) {
      LoadedModule interpreted = Samples.load(slow.modules(), sample);
      LoadedModule compiled = Samples.compiled(fast.modules(), sample);
      Execution a = assertTimeoutPreemptively(BOUND, () -> slow.run(interpreted, utf8(input), l));
      Execution b = assertTimeoutPreemptively(BOUND, () -> fast.run(compiled, utf8(input), l));
      assertFalse(interpreted.isCompiled());
      assertEquals(a.status(), b.status());
      assertEquals(a.error(), b.error());
      assertEquals(a.outputUtf8(), b.outputUtf8());
      assertEquals(a.usage().fuel(), b.usage().fuel(), "fuel");
      assertEquals(a.usage().peakMemoryBytes(), b.usage().peakMemoryBytes());
    }
  }

  @Test
  void aModuleIsCompiledInTheBackgroundOnceItHasRunNTimes() throws Exception {
    try (WasmSandbox sandbox = new WasmSandbox(new WasmModuleCache(), 1, new Tiering(3, 0))) {
      LoadedModule echo = Samples.load(sandbox.modules(), "echo");
      Execution first = sandbox.run(echo, utf8("hi"), SandboxLimits.defaults());
      sandbox.run(echo, utf8("hi"), SandboxLimits.defaults());
      assertEquals(2, echo.runCount());
      assertFalse(echo.isCompiled());
      assertEquals(Compilation.State.INTERPRETED, echo.compilation().state());

      sandbox.run(echo, utf8("hi"), SandboxLimits.defaults()); // the third run makes it hot
      assertTrue(echo.compilation().await(BOUND), "compiled in time");
      assertTrue(echo.isCompiled());
      Execution later = sandbox.run(echo, utf8("hi"), SandboxLimits.defaults());
      assertEquals("hi", later.outputUtf8());
      assertEquals(first.usage().fuel(), later.usage().fuel());
      assertEquals(4, echo.runCount());
    }
  }

  @Test
  void everyExecutionStartsFromAFreshInstanceEvenFromTheWarmPool() throws Exception {
    try (WasmSandbox sandbox = new WasmSandbox(new WasmModuleCache(), 2, new Tiering(1, 2))) {
      LoadedModule counter = Samples.load(sandbox.modules(), "counter");
      for (int i = 0; i < 50; i++) {
        Execution run = sandbox.run(counter, new byte[0], SandboxLimits.defaults());
        assertEquals("1 1 b\n", run.outputUtf8(), "run " + i);
      }
      assertTrue(counter.isCompiled() || counter.compilation().await(BOUND));
      // Pooled instances were built for these limits; others must not get them.
      Execution other =
          sandbox.run(counter, new byte[0], SandboxLimits.defaults().withMemoryBytes(1 << 20));
      assertEquals("1 1 b\n", other.outputUtf8());
    }
  }

  /** One caller at a time needs one instance ready (WarmPoolScalingTest: more for bursts). */
  @Test
  void theWarmPoolFillsForHotModules() throws Exception {
    try (WasmSandbox sandbox = new WasmSandbox(new WasmModuleCache(), 1, new Tiering(1, 2))) {
      LoadedModule echo = Samples.load(sandbox.modules(), "echo");
      sandbox.run(echo, utf8("x"), SandboxLimits.defaults());
      Await.until("a warm instance", BOUND, () -> sandbox.warmInstances(echo) >= 1);
      assertEquals(1, sandbox.warmInstances(echo));
      assertEquals("y", sandbox.run(echo, utf8("y"), SandboxLimits.defaults()).outputUtf8());
    }
  }

  /** _start plus `depth + 1` frames of a recursive function: allowed up to the call depth. */
  @ParameterizedTest
  @CsvSource({"98, OK", "99, FUNCTION_ERROR"})
  void theCallDepthLimitIsExactInBothTiers(int depth, Execution.Status status) throws Exception {
    byte[] wasm = WasmBytes.countdown(depth);
    for (Tiering tiering : new Tiering[] {Tiering.interpreterOnly(), new Tiering(0, 0)}) {
      try (WasmSandbox sandbox =
          new WasmSandbox(
              new WasmModuleCache(), 1, 100, WasmSandbox.DEFAULT_WORKER_STACK_BYTES, tiering)) {
        LoadedModule module = sandbox.modules().load(wasm);
        if (tiering.compiles()) {
          Samples.compile(module);
        }
        Execution result = sandbox.run(module, new byte[0], SandboxLimits.defaults());
        assertEquals(status, result.status(), tiering + ": " + result.error());
        if (status != Execution.Status.OK) {
          assertEquals("call stack exhausted", result.error());
        }
      }
    }
  }

  @Test
  void theDeadlineStopsCompiledCodePromptly() throws Exception {
    try (WasmSandbox sandbox = new WasmSandbox(new WasmModuleCache(), 1, new Tiering(0, 0))) {
      LoadedModule loop = Samples.compiled(sandbox.modules(), "loop");
      SandboxLimits brief = SandboxLimits.defaults().withDeadline(Duration.ofMillis(100));
      Execution result =
          assertTimeoutPreemptively(BOUND, () -> sandbox.run(loop, new byte[0], brief));
      assertEquals("deadline of 100 ms exceeded", result.error());
      // Generous: only that the interrupt is heeded, not how fast a busy machine schedules it.
      assertTrue(result.usage().wallNanos() < Duration.ofSeconds(5).toNanos(), result::toString);
    }
  }
}
