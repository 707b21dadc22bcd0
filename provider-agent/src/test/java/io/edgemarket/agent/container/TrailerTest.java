package io.edgemarket.agent.container;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The trailer scanner alone, fed in every possible split: output byte for byte, code exact. */
class TrailerTest {
  private static final String NONCE = "0123456789abcdef0123456789abcdef";
  private static final String TRAILER = "\0EDGEMARKET-EXIT " + NONCE + " ";

  @Test
  void outputBeforeTheTrailerIsKeptAndTheCodeRead() {
    assertScans("hello\n", "hello\n" + TRAILER + "0\n", "0");
    assertScans("", TRAILER + "255\n", "255");
    assertScans("x", "x" + TRAILER + "noexec\n", "noexec");
    assertScans("a\0\0b\0", "a\0\0b\0" + TRAILER + "3\nignored after it", "3");
  }

  @Test
  void anythingThatIsNotTheWholeTrailerIsOutput() {
    String[] notTrailers = {
      "\0EDGEMARKET-EXIT ffffffffffffffffffffffffffffffff 0\n", // another nonce
      TRAILER + "256\n", // no exit status
      TRAILER + "1234\n",
      TRAILER + "\n",
      TRAILER + "-1\n",
      TRAILER + "noexe\n",
      TRAILER + "7", // cut short at the end
      TRAILER,
      "\0EDGEMARK",
      "\0",
      "\0\0\0EDGEMARKET-EXIT"
    };
    for (String bytes : notTrailers) {
      assertScans(bytes, bytes, null);
      // And followed by the real one, which is still found.
      assertScans(bytes, bytes + TRAILER + "9\n", "9");
    }
  }

  @Test
  void theOutputCapStopsTheScan() {
    Trailer trailer = new Trailer(NONCE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = ("abc\0EDGEMARKET-EXIT x").getBytes(ISO_8859_1);
    Trailer.Out capped =
        (b, off, len) -> {
          int room = 5 - out.size();
          out.write(b, off, Math.min(room, len));
          return len <= room;
        };

    assertEquals(Trailer.Scan.STOPPED, trailer.scan(bytes, 0, bytes.length, capped));
    assertEquals("abc\0E", out.toString(ISO_8859_1));
  }

  /** Every split of {@code stream} into two chunks, and byte by byte. */
  private static void assertScans(String output, String stream, String code) {
    byte[] bytes = stream.getBytes(ISO_8859_1);
    for (int split = 0; split <= bytes.length; split++) {
      check(output, code, bytes, new int[] {split, bytes.length - split});
    }
    int[] ones = new int[bytes.length];
    java.util.Arrays.fill(ones, 1);
    check(output, code, bytes, ones);
  }

  private static void check(String output, String code, byte[] bytes, int[] chunks) {
    Trailer trailer = new Trailer(NONCE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Trailer.Out sink =
        (b, off, len) -> {
          out.write(b, off, len);
          return true;
        };
    int at = 0;
    boolean found = false;
    for (int length : chunks) {
      if (!found && trailer.scan(bytes, at, length, sink) == Trailer.Scan.FOUND) {
        found = true;
      }
      at += length;
    }
    if (!found) {
      trailer.flush(sink);
      assertNull(trailer.code());
    }
    assertEquals(output, out.toString(ISO_8859_1), "output of " + chunks.length + " chunks");
    assertEquals(code, trailer.code());
  }
}
