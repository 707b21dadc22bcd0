package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeteringTest {

  private static final WasmModuleCache CACHE = new WasmModuleCache();
  private static WasmSandbox sandbox;
  private static WasmSandbox other;

  @BeforeAll
  static void start() {
    sandbox = new WasmSandbox(CACHE, 2);
    other = new WasmSandbox(new WasmModuleCache(), 1);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
    other.close();
  }

  private static Execution run(WasmSandbox on, String function, String input)
      throws InterruptedException {
    LoadedModule module = Samples.load(on.modules(), function);
    return on.run(module, utf8(input), SandboxLimits.defaults());
  }

  @ParameterizedTest
  @CsvSource({
    "echo, hello",
    "upper, hello",
    "wordcount, a b c",
    "anomaly, '1\n500\n'",
    "anomaly, 'oops'",
    "determinism, ''",
    "trap, ''",
    "exit3, ''",
    "recurse, ''",
    "membomb, ''",
    "bigoutput, ''",
    "tablebomb, ''"
  })
  void sameModuleAndInputAlwaysCostTheSameFuel(String function, String input)
      throws InterruptedException {
    Execution first = run(sandbox, function, input);
    assertTrue(first.usage().fuel() > 0);
    for (int i = 0; i < 3; i++) {
      Execution again = run(sandbox, function, input);
      assertEquals(first.usage().fuel(), again.usage().fuel(), function);
      assertEquals(first.status(), again.status());
      assertEquals(first.error(), again.error());
      assertEquals(first.usage().peakMemoryBytes(), again.usage().peakMemoryBytes());
    }
    // A fresh sandbox with its own cache (so a freshly parsed module) agrees too.
    assertEquals(first.usage().fuel(), run(other, function, input).usage().fuel(), function);
  }

  @ParameterizedTest
  @CsvSource({"echo", "upper", "wordcount"})
  void biggerInputCostsMoreFuel(String function) throws InterruptedException {
    long small = run(sandbox, function, "a b c ".repeat(10)).usage().fuel();
    long big = run(sandbox, function, "a b c ".repeat(100_000)).usage().fuel();
    assertTrue(big > small, () -> function + ": " + big + " <= " + small);
  }

  @ParameterizedTest
  @CsvSource({"echo", "wordcount", "anomaly"})
  void fuelCapAtTheExactCostStillSucceeds(String function) throws InterruptedException {
    LoadedModule module = Samples.load(CACHE, function);
    byte[] input = utf8("1\n2\n300\n");
    long cost = sandbox.run(module, input, SandboxLimits.defaults()).usage().fuel();

    Execution exact = sandbox.run(module, input, SandboxLimits.defaults().withMaxFuel(cost));
    assertEquals(Execution.Status.OK, exact.status(), exact::error);
    assertEquals(cost, exact.usage().fuel());

    Execution short1 = sandbox.run(module, input, SandboxLimits.defaults().withMaxFuel(cost - 1));
    assertEquals("fuel limit of " + (cost - 1) + " instructions exceeded", short1.error());
    assertEquals(cost - 1, short1.usage().fuel());
  }
}
