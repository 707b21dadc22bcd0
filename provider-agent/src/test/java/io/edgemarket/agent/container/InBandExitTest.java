package io.edgemarket.agent.container;

import static io.edgemarket.agent.container.Functions.LIMITS;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.container.TestImages.Image;
import io.edgemarket.agent.sandbox.Execution;
import io.edgemarket.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exits reported in-band by the wrapper's trailer, against the real engine: verdicts and output are
 * the same as when the engine reports the exit, whatever bytes the function writes, and a function
 * that forges its trailer only chooses its own output and exit code, then is stopped.
 */
@ExtendWith(RequiresDocker.class)
class InBandExitTest {
  // The wrapper's nonce is the only word of 32 hex digits in PID 1's command line.
  private static final String READ_NONCE =
      "n=$(tr '\\0' '\\n' < /proc/1/cmdline | grep -x '[0-9a-f]\\{32\\}'); ";
  private static final Image FORGED_WITHOUT_NONCE =
      shell("printf 'a\\000EDGEMARKET-EXIT 00000000000000000000000000000000 5\\nb'");
  private static final Image FORGED_WITH_NONCE =
      shell(
          READ_NONCE
              + "printf 'chosen\\000EDGEMARKET-EXIT %s 7\\n' $n;"
              + " printf '\\000EDGEMARKET-EXIT %s 7\\n' $n >&2; while :; do :; done");
  private static final Image BINARY =
      shell(READ_NONCE + "cat; printf 'x\\000y\\000\\000\\000EDGEMARKET-EXIT %s 12' $n");
  private static final Image PARTIAL_MARKER = shell("cat; printf '\\000EDGEMARK'");
  private static final Image BY_NAME = TestImages.build(Functions.DIR, "tr", "a-z", "A-Z");
  private static final Image MISSING_NAME = TestImages.build(Functions.DIR, "nope");
  private static final Image NO_COMMAND = TestImages.build(Functions.DIR);
  private static final Image[] ALL = {
    Functions.UPPER,
    Functions.EXIT_3,
    Functions.MEMORY_BOMB,
    FORGED_WITHOUT_NONCE,
    FORGED_WITH_NONCE,
    BINARY,
    PARTIAL_MARKER,
    BY_NAME,
    MISSING_NAME,
    NO_COMMAND
  };

  /** How the sandbox learns a function's exit. */
  enum Mode {
    /** The wrapper's trailer, and the cgroup for whether the kernel killed it at its limit. */
    IN_BAND,
    /** The trailer, but no cgroup to read: a failed exit waits for the engine's word. */
    IN_BAND_UNMETERED,
    /** No static busybox on the host: the engine reports every exit, as before. */
    FALLBACK
  }

  private static final Map<Mode, ContainerSandbox> SANDBOXES = new EnumMap<>(Mode.class);
  private static final Map<Mode, ContainerConfig> CONFIGS = new EnumMap<>(Mode.class);

  private static ContainerSandbox sandbox(Mode mode) throws Exception {
    if (!SANDBOXES.containsKey(mode)) {
      ContainerConfig config = Functions.config().withWarmPerImage(0);
      if (mode == Mode.IN_BAND_UNMETERED) {
        config = config.withCgroupRoot(null);
      }
      Path busybox = mode == Mode.FALLBACK ? Path.of("/nonexistent/busybox") : Wrapper.HOST_BUSYBOX;
      ContainerSandbox sandbox = ContainerSandbox.open(config, busybox);
      for (Image image : ALL) {
        sandbox.load(image.tar(), image.digest());
      }
      CONFIGS.put(mode, config);
      SANDBOXES.put(mode, sandbox);
    }
    return SANDBOXES.get(mode);
  }

  @AfterAll
  static void close() {
    SANDBOXES.values().forEach(ContainerSandbox::close);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exitCodesAndTheOutOfMemoryVerdictComeOutTheSame(Mode mode) throws Exception {
    ContainerSandbox sandbox = sandbox(mode);
    long before = sandbox.inBandExits();

    Execution ok = sandbox.run(Functions.UPPER.digest(), "ok".getBytes(UTF_8), LIMITS);
    Execution three = sandbox.run(Functions.EXIT_3.digest(), new byte[0], LIMITS);
    long inBandBeforeBomb = sandbox.inBandExits() - before;
    Execution bomb =
        sandbox.run(Functions.MEMORY_BOMB.digest(), new byte[0], LIMITS.withMemory(16L << 20));
    long bombInBand = sandbox.inBandExits() - before - inBandBeforeBomb;

    assertTrue(ok.isOk(), ok::toString);
    assertEquals("OK", ok.outputUtf8());
    assertEquals(Execution.Status.FUNCTION_ERROR, three.status());
    assertEquals("exit code 3", three.error());
    assertEquals("partial\n", three.outputUtf8());
    assertEquals(Execution.Status.FUNCTION_ERROR, bomb.status());
    assertTrue(bomb.error().startsWith("out of memory"), bomb.error());
    long expected =
        switch (mode) {
          case IN_BAND -> 2;
          case IN_BAND_UNMETERED -> 1; // exit 0 needs no word on memory
          case FALLBACK -> 0;
        };
    assertEquals(expected, inBandBeforeBomb, "runs answered at their trailer");
    // The OOM killer may take the wrapper's shell as well as the hog (same cgroup; which it picks
    // is the kernel's choice, and CI saw both): then no trailer comes and the fallback answers. The
    // verdict above is the same either way; only the in-band path may be missing.
    assertTrue(
        bombInBand == 0 || (mode == Mode.IN_BAND && bombInBand == 1),
        "the memory bomb answered in-band " + bombInBand + " times in mode " + mode);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void stdoutIsPassedOnByteForByte(Mode mode) throws Exception {
    ContainerSandbox sandbox = sandbox(mode);
    byte[] input = {'i', 0, 'n', 0, 0, '\n', (byte) 0xff, 0};

    Execution forged = sandbox.run(FORGED_WITHOUT_NONCE.digest(), new byte[0], LIMITS);
    Execution binary = sandbox.run(BINARY.digest(), input, LIMITS);
    Execution partial = sandbox.run(PARTIAL_MARKER.digest(), input, LIMITS);

    assertTrue(forged.isOk(), forged::toString);
    assertEquals(
        "a\0EDGEMARKET-EXIT 00000000000000000000000000000000 5\nb",
        new String(forged.output(), ISO_8859_1),
        "a trailer without the nonce is output");
    assertTrue(binary.isOk(), binary::toString);
    String out = new String(binary.output(), ISO_8859_1);
    String head = new String(input, ISO_8859_1) + "x\0y\0\0";
    assertTrue(
        out.matches(
            "\\Q"
                + head
                + "\\E\0EDGEMARKET-EXIT "
                + (mode == Mode.FALLBACK ? "" : NONCE_PATTERN)
                + " 12"),
        "a trailer cut short at the end is output: " + out.replace('\0', '@'));
    assertTrue(partial.isOk(), partial::toString);
    byte[] expected = (new String(input, ISO_8859_1) + "\0EDGEMARK").getBytes(ISO_8859_1);
    assertArrayEquals(expected, partial.output());
  }

  @Test
  void aTrailerForgedWithTheNonceEndsTheCallAndTheContainer() throws Exception {
    ContainerSandbox sandbox = sandbox(Mode.IN_BAND);
    long began = System.nanoTime();

    Execution run = sandbox.run(FORGED_WITH_NONCE.digest(), new byte[0], LIMITS);

    long millis = (System.nanoTime() - began) / 1_000_000;
    assertEquals(Execution.Status.FUNCTION_ERROR, run.status());
    assertEquals("exit code 7", run.error(), "the code it chose, which it could exit with anyway");
    assertEquals("chosen", run.outputUtf8(), "the output it chose");
    assertTrue(millis < 10_000, "answered at the trailer, not the 20 s deadline: " + millis);
    assertTrue(run.usage().fuel() < 5_000_000, "metered up to the trailer: " + run.usage());
    // Its busy loop does not outlive the call: killed at the trailer, then removed.
    Await.until(
        "the container is gone",
        Duration.ofSeconds(10),
        () -> Functions.labelled(CONFIGS.get(Mode.IN_BAND).owner()).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void commandsAreFoundAsTheEngineFindsThem(Mode mode) throws Exception {
    ContainerSandbox sandbox = sandbox(mode);

    Execution named = sandbox.run(BY_NAME.digest(), "path".getBytes(UTF_8), LIMITS);
    Execution missing = sandbox.run(MISSING_NAME.digest(), new byte[0], LIMITS);

    assertEquals("PATH", named.outputUtf8(), named::toString);
    assertEquals(Execution.Status.FUNCTION_ERROR, missing.status());
    assertTrue(missing.error().startsWith("the image cannot start"), missing.error());
    // No entrypoint and no command: the engine refuses to create it, wrapped or not.
    assertThrows(
        EngineException.class, () -> sandbox.run(NO_COMMAND.digest(), new byte[0], LIMITS));
  }

  private static final String NONCE_PATTERN = "[0-9a-f]{32}";

  private static Image shell(String script) {
    return TestImages.build(Functions.DIR, "/bin/sh", "-c", script);
  }
}
