package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * The stdin, stdout and stderr given to WASI when an instance is built, bound to one execution's
 * input and output only when it runs: so that instances can be built ahead of need. Closing them
 * (WASI does, when it is closed) closes nothing underneath. Used by one thread at a time, except
 * {@link #stop}.
 */
final class RunStreams {

  private static final byte[] NONE = new byte[0];

  private byte[] input = NONE;
  private int position;
  private OutputStream out = OutputStream.nullOutputStream();
  private OutputStream err = OutputStream.nullOutputStream();
  private boolean stdinIsFd0 = true;
  private boolean tainted;
  private volatile boolean stopped;

  final InputStream stdin =
      new InputStream() {
        @Override
        public int read() {
          return position < input.length ? input[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
          if (len == 0) {
            return 0;
          }
          int n = Math.min(len, input.length - position);
          if (n <= 0) {
            return -1;
          }
          System.arraycopy(input, position, b, off, n);
          position += n;
          return n;
        }

        @Override
        public int available() {
          return input.length - position;
        }
      };

  final OutputStream stdout = forward(() -> out);

  final OutputStream stderr = forward(() -> err);

  /** Called by the thread that then runs the instance. */
  void bind(byte[] input, OutputStream output, OutputStream errors) {
    this.input = input;
    this.position = 0;
    this.out = output;
    this.err = errors;
  }

  /**
   * Lets go of the last execution's input and output; true if WASI holds nothing from it, so that
   * the instance may serve another (see {@link #taint}). False after a stop.
   */
  boolean unbind() {
    bind(NONE, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    return stdinIsFd0 && !tainted && !stopped;
  }

  /** A host call that may leave state in WASI (descriptors, flags) was made. */
  void taint() {
    tainted = true;
  }

  private static OutputStream forward(Supplier<OutputStream> target) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        target.get().write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        target.get().write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        target.get().flush();
      }
    };
  }

  /** Copies up to {@code len} input bytes into memory at {@code address}; how many, 0 at EOF. */
  int readInto(Memory memory, int address, int len) {
    int n = Math.min(len, input.length - position);
    memory.write(address, input, position, n);
    position += n;
    return n;
  }

  /** Whether WASI's fd 0 is still this stdin (the function may close or renumber it). */
  boolean stdinIsFd0() {
    return stdinIsFd0;
  }

  void fd0Changed() {
    stdinIsFd0 = false;
  }

  /** From any thread: the execution must end; host calls refuse to go on. */
  void stop() {
    stopped = true;
  }

  void checkNotStopped() {
    if (stopped) {
      throw new FunctionAbort("execution stopped");
    }
  }
}
