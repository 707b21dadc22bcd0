package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.api.Limits;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A function's stderr becomes its logs, bounded, in the interpreter and compiled alike. */
class FunctionLogsTest {

  private static final WasmModuleCache CACHE = new WasmModuleCache();
  private static WasmSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = new WasmSandbox(CACHE, 2);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static Execution run(boolean compiled, byte[] input) throws InterruptedException {
    LoadedModule module =
        compiled ? Samples.compiled(CACHE, "stderr") : Samples.load(CACHE, "stderr");
    return sandbox.run(module, input, SandboxLimits.defaults());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void stderrIsKeptAsLogsApartFromTheOutput(boolean compiled) throws InterruptedException {
    Execution execution = run(compiled, utf8("warming up\nréady\n"));

    assertEquals(Execution.Status.OK, execution.status(), execution::error);
    assertEquals("logged\n", execution.outputUtf8());
    assertEquals("warming up\nréady\n", execution.logs());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void noStderrMeansNoLogs(boolean compiled) throws InterruptedException {
    assertNull(run(compiled, new byte[0]).logs());
    assertNull(
        sandbox.run(Samples.load(CACHE, "echo"), utf8("x"), SandboxLimits.defaults()).logs());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aMebibyteOfStderrKeepsTheFirst64KiBAndAMarkerAndTheCallStillSucceeds(boolean compiled)
      throws InterruptedException {
    byte[] flood = new byte[Limits.MAX_PAYLOAD_BYTES];
    Arrays.fill(flood, (byte) 'e');

    Execution execution = run(compiled, flood);

    assertEquals(Execution.Status.OK, execution.status(), execution::error);
    assertEquals("logged\n", execution.outputUtf8());
    String marker = Limits.truncatedLogMarker(flood.length - Limits.MAX_LOG_BYTES);
    assertEquals("e".repeat(Limits.MAX_LOG_BYTES) + marker, execution.logs());
    assertTrue(marker.length() <= Limits.LOG_MARKER_ROOM, marker);
  }
}
