package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ModuleLoadingTest {

  private final WasmModuleCache cache = new WasmModuleCache();

  private void assertRejected(byte[] bytes, String messagePart) {
    BadModuleException e = assertThrows(BadModuleException.class, () -> cache.load(bytes));
    assertTrue(e.getMessage().contains(messagePart), e::getMessage);
    assertEquals(0, cache.size());
  }

  @Test
  void netImportIsRejectedNamingTheImport() {
    assertRejected(Samples.wasm("netimport"), "edgemarket_net.connect");
  }

  @Test
  void malformedBytesAreRejected() {
    assertRejected(new byte[0], "module does not parse");
    assertRejected(utf8("not wasm at all"), "module does not parse");
    byte[] echo = Samples.wasm("echo");
    assertRejected(Arrays.copyOf(echo, echo.length / 2), "module does not parse");
  }

  @Test
  void moduleThatFailsValidationIsRejected() {
    // (func (result) i32.const 0): leaves a value on the stack of a function returning nothing.
    byte[] bytes =
        WasmBytes.module(
            WasmBytes.section(1, 1, 0x60, 0, 0),
            WasmBytes.section(3, 1, 0),
            WasmBytes.section(10, 1, 4, 0, 0x41, 0, 0x0b));
    assertRejected(bytes, "module does not parse or validate");
  }

  @Test
  void unknownWasiFunctionIsRejected() {
    byte[] bytes =
        WasmBytes.module(
            WasmBytes.section(1, 1, 0x60, 0, 0),
            WasmBytes.section(2, WasmBytes.functionImport("wasi_snapshot_preview1", "no_such", 0)));
    assertRejected(bytes, "wasi_snapshot_preview1.no_such, which is not a WASI function");
  }

  @Test
  void wasiFunctionWithTheWrongSignatureIsRejected() {
    // proc_exit takes an i32; this one takes nothing.
    byte[] bytes =
        WasmBytes.module(
            WasmBytes.section(1, 1, 0x60, 0, 0),
            WasmBytes.section(
                2, WasmBytes.functionImport("wasi_snapshot_preview1", "proc_exit", 0)));
    assertRejected(bytes, "wasi_snapshot_preview1.proc_exit as");
  }

  @Test
  void moduleWithoutStartOrMemoryIsRejected() {
    assertRejected(WasmBytes.module(), "does not export a function named _start");
  }

  @Test
  void exportsOfFunctionsOrMemoriesTheModuleLacksAreRejected() {
    // Found by GeneratedModulesTest (bigoutput without its import section): the parser let an
    // export index past the end through, and the ABI check threw IndexOutOfBoundsException.
    byte[] exports = new WasmWriter().u32(2).name("_start").u8(0).u32(1).toByteArray();
    byte[] noSuchFunction =
        WasmBytes.module(
            WasmBytes.section(1, 1, 0x60, 0, 0),
            WasmBytes.section(3, 1, 0),
            WasmBytes.section(5, 1, 0, 1),
            WasmBytes.section(7, concatMemoryExport(exports, 0)),
            WasmBytes.section(10, 1, 2, 0, 0x0b));
    assertRejected(noSuchFunction, "exports _start as function 1, which it lacks");
    exports = new WasmWriter().u32(2).name("_start").u8(0).u32(0).toByteArray();
    byte[] noSuchMemory =
        WasmBytes.module(
            WasmBytes.section(1, 1, 0x60, 0, 0),
            WasmBytes.section(3, 1, 0),
            WasmBytes.section(5, 1, 0, 1),
            WasmBytes.section(7, concatMemoryExport(exports, 3)),
            WasmBytes.section(10, 1, 2, 0, 0x0b));
    assertRejected(noSuchMemory, "exports memory as memory 3, which it lacks");
  }

  @Test
  void anImportOfATypeTheModuleLacksIsRejected() {
    // Found by GeneratedModulesTest: the parser let it through; the check threw.
    byte[] bytes =
        WasmBytes.module(
            WasmBytes.section(1, 1, 0x60, 0, 0),
            WasmBytes.section(
                2, WasmBytes.functionImport("wasi_snapshot_preview1", "fd_write", 2)));
    assertRejected(bytes, "wasi_snapshot_preview1.fd_write with type 2, which it lacks");
  }

  @Test
  void aModuleThatTripsAnAssertionOfTheParserIsRejected() throws Exception {
    // Found by GeneratedModulesTest (wordcount with five bits flipped): Chicory's parser ends it
    // with an AssertionError where assertions are enabled, as in tests.
    byte[] bytes;
    try (var in = getClass().getResourceAsStream("/hostile/parser-assertion.wasm")) {
      bytes = in.readAllBytes();
    }
    assertRejected(bytes, "module does not parse");
  }

  private static byte[] concatMemoryExport(byte[] exports, int memory) {
    return new WasmWriter().bytes(exports).name("memory").u8(2).u32(memory).toByteArray();
  }

  @Test
  void modulesAreCachedBySha256() throws Exception {
    byte[] bytes = Samples.wasm("echo");
    LoadedModule first = cache.load(bytes);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertEquals(expected, first.digest());
    assertEquals(expected, WasmModuleCache.digestOf(bytes));
    assertEquals(bytes.length, first.sizeBytes());
    assertSame(first, cache.load(bytes.clone()));
    assertSame(first, cache.find(expected).orElseThrow());
    assertEquals(1, cache.size());
  }

  @Test
  void leastRecentlyUsedModulesAreEvicted() throws Exception {
    WasmModuleCache small = new WasmModuleCache(2);
    LoadedModule echo = small.load(Samples.wasm("echo"));
    LoadedModule upper = small.load(Samples.wasm("upper"));
    small.find(echo.digest());
    small.load(Samples.wasm("wordcount"));
    assertEquals(2, small.size());
    assertTrue(small.find(echo.digest()).isPresent());
    assertTrue(small.find(upper.digest()).isEmpty());
  }

  @Test
  void sandboxRunsCachedModulesByDigest() throws Exception {
    try (WasmSandbox sandbox = new WasmSandbox(cache, 1)) {
      String digest = cache.load(Samples.wasm("upper")).digest();
      Execution result = sandbox.run(digest, utf8("abc"), SandboxLimits.defaults());
      assertEquals("ABC", result.outputUtf8());
      assertThrows(
          IllegalArgumentException.class,
          () -> sandbox.run("00".repeat(32), utf8("abc"), SandboxLimits.defaults()));
    }
  }

  @Test
  void closedSandboxRefusesWork() throws Exception {
    LoadedModule echo = cache.load(Samples.wasm("echo"));
    WasmSandbox sandbox = new WasmSandbox(cache, 1);
    sandbox.close();
    assertThrows(
        IllegalStateException.class, () -> sandbox.run(echo, utf8("x"), SandboxLimits.defaults()));
  }
}
