package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.Samples.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GoodFunctionsTest {

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

  private static Execution run(String function, byte[] input) throws InterruptedException {
    Execution result = sandbox.run(Samples.load(CACHE, function), input, SandboxLimits.defaults());
    assertEquals(Execution.Status.OK, result.status(), () -> function + ": " + result.error());
    assertNull(result.error());
    return result;
  }

  private static String runUtf8(String function, String input) throws InterruptedException {
    return run(function, utf8(input)).outputUtf8();
  }

  @Test
  void echoCopiesEveryByte() throws InterruptedException {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    assertArrayEquals(all, run("echo", all).output());
    assertEquals("", runUtf8("echo", ""));
    assertEquals("hello, edge\n", runUtf8("echo", "hello, edge\n"));
  }

  @Test
  void echoCopiesInputLargerThanItsBuffer() throws InterruptedException {
    // 64 KiB buffer in the module: this takes several read/write rounds.
    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 + 7);
    }
    assertArrayEquals(big, run("echo", big).output());
  }

  @Test
  void upperChangesOnlyAsciiLetters() throws InterruptedException {
    assertEquals("HELLO, WöRLD! 123 {}@[`\n", runUtf8("upper", "Hello, Wörld! 123 {}@[`\n"));
    assertEquals("", runUtf8("upper", ""));
  }

  static Stream<Arguments> wordcounts() {
    return Stream.of(
        Arguments.of("", 0),
        Arguments.of("   \t\n", 0),
        Arguments.of("one", 1),
        Arguments.of("  the quick\tbrown\n\nfox  ", 4),
        Arguments.of("a\13b\fc\rd", 4),
        Arguments.of("ünïcode wörds", 2));
  }

  @ParameterizedTest
  @MethodSource("wordcounts")
  void wordcountCountsWhitespaceSeparatedWords(String input, int count)
      throws InterruptedException {
    assertEquals(count + "\n", runUtf8("wordcount", input));
  }

  @Test
  void wordcountFollowsWordsAcrossBufferBoundaries() throws InterruptedException {
    // 65,536 is the module's read size: make a word straddle it.
    String input = "x".repeat(65_530) + " abcdefghij " + "y ".repeat(1000);
    assertEquals("1002\n", runUtf8("wordcount", input));
  }

  @Test
  void anomalyFlagsReadingsAbove100() throws InterruptedException {
    String input = "5\n100\n101\n  -200 \r\n\n0150\n99999";
    assertEquals("OK\nOK\nALERT 101\nOK\nALERT 150\nALERT 99999\n", runUtf8("anomaly", input));
    assertEquals("", runUtf8("anomaly", ""));
  }

  @Test
  void anomalyRejectsLinesThatAreNotIntegers() throws InterruptedException {
    for (String bad : new String[] {"12x\n", "1 2\n", "-\n", "--5\n", "1234567890123456789\n"}) {
      Execution result =
          sandbox.run(
              Samples.load(CACHE, "anomaly"), utf8("7\n300\n" + bad), SandboxLimits.defaults());
      assertEquals("exit code 2", result.error(), bad);
      // Lines before the bad one were judged and flushed.
      assertEquals("OK\nALERT 300\n", result.outputUtf8(), bad);
    }
  }

  @Test
  void clockIsFrozenAtZeroAndRandomIsRepeatable() throws InterruptedException {
    String first = runUtf8("determinism", "");
    assertEquals(first, runUtf8("determinism", ""));
    try (WasmSandbox other = new WasmSandbox(CACHE, 1)) {
      Execution again =
          other.run(Samples.load(CACHE, "determinism"), new byte[0], SandboxLimits.defaults());
      assertEquals(first, again.outputUtf8());
    }
    assertEquals(true, first.matches("time=0 random=[0-9a-f]{16}\n"), first);
  }
}
