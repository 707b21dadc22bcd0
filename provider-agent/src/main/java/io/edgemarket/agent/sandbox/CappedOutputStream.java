package io.edgemarket.agent.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * The function's stdout. Keeps at most {@code cap} bytes, then throws {@link FunctionAbort}: an
 * unchecked exception, because WASI turns an IOException into an errno that a hostile function
 * could simply ignore and keep writing.
 */
final class CappedOutputStream extends OutputStream {

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final SandboxLimits limits;
  private final long cap;

  CappedOutputStream(SandboxLimits limits) {
    this.limits = limits;
    this.cap = limits.maxOutputBytes();
  }

  @Override
  public void write(int b) {
    if (buffer.size() >= cap) {
      throw FunctionAbort.output(limits);
    }
    buffer.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    long room = cap - buffer.size();
    if (len > room) {
      // Keep what fits, so that the caller sees the output up to the cap.
      buffer.write(b, off, (int) room);
      throw FunctionAbort.output(limits);
    }
    buffer.write(b, off, len);
  }

  byte[] toByteArray() {
    return buffer.toByteArray();
  }
}
