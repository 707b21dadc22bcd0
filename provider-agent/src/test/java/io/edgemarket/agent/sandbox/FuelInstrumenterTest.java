package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static io.edgemarket.agent.sandbox.WasmBytes.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The instrumented module behaves exactly like the published one (output, exit, trap) in the
 * interpreter and compiled, and meters what the cost model says.
 */
class FuelInstrumenterTest {

  private static WasmSandbox interpreted;
  private static WasmSandbox compiled;

  @BeforeAll
  static void start() {
    interpreted = new WasmSandbox(new WasmModuleCache(), 1, Tiering.interpreterOnly());
    compiled = new WasmSandbox(new WasmModuleCache(), 1, new Tiering(0, 0));
  }

  @AfterAll
  static void stop() {
    interpreted.close();
    compiled.close();
  }

  /** Runs {@code wasm} in both tiers: both must match the uninstrumented reference run. */
  private static Execution runBoth(byte[] wasm, byte[] input) throws Exception {
    Reference.Outcome expected = Reference.run(wasm, input);
    Execution slow =
        interpreted.run(interpreted.modules().load(wasm), input, SandboxLimits.defaults());
    Execution fast =
        compiled.run(
            Samples.compile(compiled.modules().load(wasm)), input, SandboxLimits.defaults());
    assertEquals(expected, Reference.Outcome.of(slow), "interpreted");
    assertEquals(expected, Reference.Outcome.of(fast), "compiled");
    assertEquals(slow.usage().fuel(), fast.usage().fuel(), "fuel");
    return slow;
  }

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of("echo", "hello\n"),
        Arguments.of("echo", "x".repeat(200_000)),
        Arguments.of("upper", "Hello, Wörld!"),
        Arguments.of("wordcount", "  the quick\tbrown\n\nfox  "),
        Arguments.of("anomaly", "5\n100\n101\n  -200 \r\n\n0150\n99999"),
        Arguments.of("anomaly", "7\n300\n12x\n"),
        Arguments.of("determinism", ""),
        Arguments.of("features", ""),
        Arguments.of("counter", ""),
        Arguments.of("tailcall", ""),
        Arguments.of("trap", ""),
        Arguments.of("exit3", ""));
  }

  @ParameterizedTest
  @MethodSource("samples")
  void samplesBehaveAsPublished(String sample, String input) throws Exception {
    runBoth(Samples.wasm(sample), utf8(input));
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 40);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void generatedModulesBehaveAsPublished(long seed) throws Exception {
    Execution result = runBoth(RandomModules.generate(seed, 5, seed % 4 == 0), new byte[0]);
    assertEquals(4, result.output().length, result::toString);
  }

  @Test
  void featuresSampleRunsItsStartFunctionFirst() throws Exception {
    Execution result = runBoth(Samples.wasm("features"), new byte[0]);
    assertEquals(
        "features: 42 9 2 100 300 200 3628800 87 2 1094795585 1 2 1548008755920 11\n",
        result.outputUtf8());
  }

  @Test
  void modulesExportingReservedNamesAreRejected() {
    byte[] types = bytes(1, 0x60, 0, 0);
    byte[] wasm =
        WasmBytes.command(
            types,
            bytes(1, 0),
            WasmBytes.code(bytes(0, 0x0b)),
            0,
            new byte[0][],
            FuelInstrumenter.FUEL_EXPORT);
    BadModuleException e =
        assertThrows(BadModuleException.class, () -> new WasmModuleCache().load(wasm));
    assertTrue(e.getMessage().contains("reserved for the sandbox"), e::getMessage);
  }

  @Test
  void theFuelGlobalIsExported() throws Exception {
    LoadedModule echo = new WasmModuleCache().load(Samples.wasm("echo"));
    var exports = echo.wasm().exportSection();
    boolean found = false;
    for (int i = 0; i < exports.exportCount(); i++) {
      var export = exports.getExport(i);
      if (export.name().equals(FuelInstrumenter.FUEL_EXPORT)) {
        found = export.exportType() == ExternalType.GLOBAL;
      }
    }
    assertTrue(found);
  }

  /**
   * {@code i32.const c; drop; block; nop; end; i32.const c; if; nop; else; nop; nop; end}: every
   * instruction costs 1 except end and else, whichever arm runs.
   */
  @ParameterizedTest
  @CsvSource({"0, 8", "1, 7"})
  void fuelFollowsTheCostModel(int condition, long fuel) throws Exception {
    byte[] body =
        bytes(
            0, 0x41, condition, 0x1a, 0x02, 0x40, 0x01, 0x0b, 0x41, condition, 0x04, 0x40, 0x01,
            0x05, 0x01, 0x01, 0x0b, 0x0b);
    byte[] wasm =
        WasmBytes.command(
            bytes(1, 0x60, 0, 0), bytes(1, 0), WasmBytes.code(body), 0, new byte[0][]);
    assertEquals(fuel, runBoth(wasm, new byte[0]).usage().fuel());
  }

  @Test
  void ownUnreachableIsATrapEvenWithNoFuelToSpare() throws Exception {
    LoadedModule trap = interpreted.modules().load(Samples.wasm("trap"));
    long cost = interpreted.run(trap, new byte[0], SandboxLimits.defaults()).usage().fuel();
    Execution exact =
        interpreted.run(trap, new byte[0], SandboxLimits.defaults().withMaxFuel(cost));
    assertEquals("trap: unreachable", exact.error());
    assertEquals(cost, exact.usage().fuel());
    Execution short1 =
        interpreted.run(trap, new byte[0], SandboxLimits.defaults().withMaxFuel(cost - 1));
    assertEquals("fuel limit of " + (cost - 1) + " instructions exceeded", short1.error());
  }

  /**
   * Catches an exception thrown by a callee 20,000 times, more than the call depth allowed: the
   * frames an exception unwinds never leave through their exits, so the catching frame must restore
   * the depth accounting or the function would fail with a false "call stack exhausted". (Modules
   * handling exceptions stay interpreted, see {@link ModuleShape#EXCEPTIONS}.)
   */
  @Test
  void caughtExceptionsDoNotLeakCallDepth() throws Exception {
    byte[] thrower = bytes(0, 0x08, 0, 0x0b); // throw tag 0
    // block $h; try_table (catch_all $h); call $thrower; end; end
    byte[] catcher = bytes(0, 0x02, 0x40, 0x1f, 0x40, 1, 0x02, 0, 0x10, 0, 0x0b, 0x0b, 0x0b);
    byte[] start =
        bytes(
            1, 1, 0x7f, // one i32 local
            0x41, 0xa0, 0x9c, 0x01, 0x21, 0, // local.set 0 (20000)
            0x03, 0x40, 0x10, 1, // loop: call $catcher
            0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, // local.tee (local - 1), br_if loop
            0x0b, 0x0b);
    byte[] tags = WasmBytes.section(13, bytes(1, 0, 0));
    byte[] wasm =
        WasmBytes.command(
            bytes(1, 0x60, 0, 0),
            bytes(3, 0, 0, 0),
            WasmBytes.code(thrower, catcher, start),
            2,
            new byte[][] {tags});
    Execution result = runBoth(wasm, new byte[0]);
    assertEquals(Execution.Status.OK, result.status(), result::error);
    LoadedModule module = compiled.modules().load(wasm);
    assertEquals(Compilation.State.FAILED, module.compilation().state());
    assertEquals(ModuleShape.EXCEPTIONS, module.compilation().failure().getMessage());
  }

  /** Chicory's interpreter gets this wrong (2 instead of 12); what matters is both tiers agree. */
  @Test
  void modulesWithBlockParametersStayInterpreted() throws Exception {
    // _start: i32.const 10; block (result i32) i32.const 1; i32.const 1; block (type 1) i32.add
    // end end; i32.add; drop
    byte[] start =
        bytes(
            0, 0x41, 10, 0x02, 0x7f, 0x41, 1, 0x41, 1, 0x02, 1, 0x6a, 0x0b, 0x0b, 0x6a, 0x1a, 0x0b);
    byte[] types = bytes(2, 0x60, 0, 0, 0x60, 2, 0x7f, 0x7f, 1, 0x7f);
    byte[] wasm = WasmBytes.command(types, bytes(1, 0), WasmBytes.code(start), 0, new byte[0][]);
    runBoth(wasm, new byte[0]);
    LoadedModule module = compiled.modules().load(wasm);
    assertEquals(Compilation.State.FAILED, module.compilation().state());
    assertEquals(ModuleShape.BLOCK_PARAMETERS, module.compilation().failure().getMessage());
  }
}
