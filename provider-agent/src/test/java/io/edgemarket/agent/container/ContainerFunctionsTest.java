package io.edgemarket.agent.container;

import static io.edgemarket.agent.container.Functions.LIMITS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.container.TestImages.Image;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.model.api.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Functions that behave, against the real engine: output, input to its end, who they run as. */
@ExtendWith(RequiresDocker.class)
class ContainerFunctionsTest {
  private static ContainerSandbox sandbox;

  @BeforeAll
  static void open() throws Exception {
    sandbox =
        Functions.open(
            Functions.config(),
            Functions.UPPER,
            Functions.CAT,
            Functions.IDENTITY,
            Functions.LOGGER);
  }

  @AfterAll
  static void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void upperShoutsItsInput() throws Exception {
    Execution run = run(Functions.UPPER, "hello, edge".getBytes(UTF_8));

    assertTrue(run.isOk(), run::toString);
    assertEquals("HELLO, EDGE", run.outputUtf8());
    assertNull(run.error());
    assertTrue(run.usage().fuel() > 0, "fuel is metered");
    assertTrue(run.usage().wallNanos() > 0);
  }

  @Test
  void stderrIsKeptAsBoundedLogsApartFromTheOutput() throws Exception {
    Execution run = run(Functions.LOGGER, "reading".getBytes(UTF_8));

    assertTrue(run.isOk(), run::toString);
    assertEquals("reading", run.outputUtf8());
    int mebibyte = 1024 * 1024;
    int kept = Limits.MAX_LOG_BYTES - "starting\n".length();
    assertEquals(
        "starting\n" + "e".repeat(kept) + Limits.truncatedLogMarker(mebibyte - kept), run.logs());
  }

  @Test
  void catReadsItsWholeInputToTheEnd() throws Exception {
    byte[] input = new byte[700_000];
    new Random(7).nextBytes(input);

    Execution run = run(Functions.CAT, input);

    assertTrue(run.isOk(), run::toString);
    assertArrayEquals(input, run.output());
  }

  @Test
  void anEmptyInputIsAnImmediateEndOfFile() throws Exception {
    Execution run = run(Functions.CAT, new byte[0]);

    assertTrue(run.isOk(), run::toString);
    assertEquals(0, run.output().length);
  }

  @Test
  void functionsRunAsNobodyWithoutCapabilities() throws Exception {
    Execution run = run(Functions.IDENTITY, new byte[0]);

    assertTrue(run.isOk(), run::toString);
    assertEquals("65534\n65534\nCapEff:\t0000000000000000\n", run.outputUtf8());
  }

  @Test
  void cpuMeteringIsUsedOnThisHostWhenItCanBe() {
    // On a local engine whose cgroups (v1 or v2) this process may manage (this machine, CI) fuel
    // is CPU time; elsewhere it is wall time.
    boolean local = RequiresDocker.HOST.startsWith("unix://");
    Path cgroups = Path.of("/sys/fs/cgroup");
    boolean manageable =
        Files.isWritable(cgroups.resolve("cpuacct"))
            || (Files.isReadable(cgroups.resolve("cgroup.controllers"))
                && Files.isWritable(cgroups));
    assertEquals(local && manageable, sandbox.metersCpu());
  }

  private static Execution run(Image image, byte[] input) throws Exception {
    return sandbox.run(image.digest(), input, LIMITS);
  }
}
