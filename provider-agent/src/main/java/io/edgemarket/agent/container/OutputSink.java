package io.edgemarket.agent.container;

import io.edgemarket.agent.sandbox.FunctionLog;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a run's streams go: stdout up to the cap (the function's output); stderr bounded as the
 * function's logs (for its owner only, never billed), and its last few bytes for the agent's log.
 */
final class OutputSink {
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final long cap;
  private final byte[] tail;
  private final FunctionLog logs = new FunctionLog();
  private long stderrBytes;
  private boolean overflowed;

  OutputSink(long cap, int stderrTailBytes) {
    this.cap = cap;
    this.tail = new byte[stderrTailBytes];
  }

  /** Keeps what fits under the cap; false once the function has written more than that. */
  synchronized boolean stdout(byte[] bytes, int offset, int length) {
    long room = cap - stdout.size();
    if (length > room) {
      stdout.write(bytes, offset, (int) room);
      overflowed = true;
      return false;
    }
    stdout.write(bytes, offset, length);
    return true;
  }

  synchronized void stderr(byte[] bytes, int offset, int length) {
    logs.write(bytes, offset, length);
    for (int i = 0; i < length && tail.length > 0; i++) {
      tail[(int) ((stderrBytes + i) % tail.length)] = bytes[offset + i];
    }
    stderrBytes += length;
  }

  synchronized byte[] output() {
    return stdout.toByteArray();
  }

  /** The function's stderr as logs, bounded; null when it wrote none. */
  String logs() {
    return logs.text();
  }

  synchronized boolean overflowed() {
    return overflowed;
  }

  /** The last bytes of stderr, oldest first; empty when the function wrote none. */
  synchronized String stderrTail() {
    int kept = (int) Math.min(stderrBytes, tail.length);
    byte[] ordered = new byte[kept];
    for (int i = 0; i < kept; i++) {
      ordered[i] = tail[(int) ((stderrBytes - kept + i) % tail.length)];
    }
    return new String(ordered, StandardCharsets.UTF_8);
  }
}
