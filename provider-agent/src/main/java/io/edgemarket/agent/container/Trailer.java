package io.edgemarket.agent.container;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds the wrapper's trailer ({@link Wrapper}) in one of a container's streams: {@code
 * \0EDGEMARKET-EXIT <nonce> <code>\n}, where code is the function's exit status (0-255) or {@code
 * noexec}. Everything before it is the function's and is passed on byte for byte; bytes that could
 * still begin a trailer are held back until they turn out not to (then passed on) or the stream
 * ends ({@link #flush}). Binary-safe: NULs, a marker without the nonce, a trailer cut short and
 * anything malformed are output like any other bytes. Not thread-safe: one per stream and run.
 */
final class Trailer {
  static final String MARKER = "\0EDGEMARKET-EXIT ";
  private static final byte[] NOEXEC = "noexec\n".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_DIGITS = 3;

  /** Where the function's bytes go; false stops the stream (its output cap was exceeded). */
  interface Out {
    boolean write(byte[] bytes, int offset, int length);
  }

  /** What one scan ended with. */
  enum Scan {
    MORE,
    FOUND,
    STOPPED
  }

  private final byte[] prefix;
  private final byte[] pending;
  private int held;
  private String code;

  Trailer(String nonce) {
    this.prefix = (MARKER + nonce + " ").getBytes(StandardCharsets.US_ASCII);
    this.pending = new byte[prefix.length + NOEXEC.length];
  }

  /** Passes {@code bytes} on, less a trailer; FOUND once it is complete (what follows is not). */
  Scan scan(byte[] bytes, int offset, int length, Out out) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      if (held == 0) {
        // Fast path: a trailer can only start at a NUL.
        int nul = i;
        while (nul < end && bytes[nul] != 0) {
          nul++;
        }
        if (nul > i && !out.write(bytes, i, nul - i)) {
          return Scan.STOPPED;
        }
        i = nul;
        if (i == end) {
          break;
        }
      }
      pending[held++] = bytes[i++];
      int verdict = check();
      if (verdict > 0) {
        code =
            new String(pending, prefix.length, held - prefix.length - 1, StandardCharsets.US_ASCII);
        held = 0;
        return Scan.FOUND;
      }
      if (verdict < 0 && !release(out)) {
        return Scan.STOPPED;
      }
    }
    return Scan.MORE;
  }

  /** The stream ended: what was held back was output after all. False if that overflowed. */
  boolean flush(Out out) {
    int n = held;
    held = 0;
    return n == 0 || out.write(pending, 0, n);
  }

  /** The exit status the trailer reported ("0".."255" or "noexec"); null before it is found. */
  String code() {
    return code;
  }

  /**
   * Passes on held bytes up to the next NUL after the first (the earliest a trailer could start
   * again), and keeps checking what is left; false if the output stopped.
   */
  private boolean release(Out out) {
    while (held > 0 && check() < 0) {
      int next = 1;
      while (next < held && pending[next] != 0) {
        next++;
      }
      if (!out.write(pending, 0, next)) {
        held = 0;
        return false;
      }
      System.arraycopy(pending, next, pending, 0, held - next);
      held -= next;
    }
    return true;
  }

  /** 1: pending is a whole trailer; 0: it may still become one; -1: it cannot. */
  private int check() {
    int n = Math.min(held, prefix.length);
    if (!Arrays.equals(pending, 0, n, prefix, 0, n)) {
      return -1;
    }
    if (held <= prefix.length) {
      return 0;
    }
    int tail = held - prefix.length;
    if (Arrays.equals(pending, prefix.length, held, NOEXEC, 0, tail)) {
      return tail == NOEXEC.length ? 1 : 0;
    }
    int digits = 0;
    while (digits < tail && isDigit(pending[prefix.length + digits])) {
      digits++;
    }
    if (digits > MAX_DIGITS) {
      return -1;
    }
    if (digits == tail) {
      return 0;
    }
    boolean whole = digits > 0 && digits == tail - 1 && pending[held - 1] == '\n';
    return whole && Integer.parseInt(codeDigits(digits)) <= 255 ? 1 : -1;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private String codeDigits(int digits) {
    return new String(pending, prefix.length, digits, StandardCharsets.US_ASCII);
  }
}
