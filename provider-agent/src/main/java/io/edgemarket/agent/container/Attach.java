package io.edgemarket.agent.container;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One container's stdin, stdout and stderr, attached over the engine's socket before the container
 * starts, so no output is lost. docker-java's transports never half-close the hijacked connection,
 * so a function reading stdin to its end would wait forever; this speaks the attach protocol itself
 * (an HTTP upgrade, then the engine's 8-byte-header stream frames) and shuts its output down after
 * the input, which the engine passes on as end-of-file (the container is created StdinOnce).
 */
final class Attach implements Closeable {
  private static final int STDOUT = 1;
  private static final int STDERR = 2;

  private final SocketChannel channel;
  private final ByteBuffer in = ByteBuffer.allocate(1 << 16).flip();

  private Attach(SocketChannel channel) {
    this.channel = channel;
  }

  static Attach open(SocketAddress engine, String containerId) throws IOException {
    SocketChannel channel = SocketChannel.open(engine);
    Attach attach = new Attach(channel);
    try {
      String request =
          "POST /containers/"
              + containerId
              + "/attach?stream=1&stdin=1&stdout=1&stderr=1 HTTP/1.1\r\n"
              + "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n";
      attach.writeAll(request.getBytes(StandardCharsets.US_ASCII));
      String head = attach.readHead();
      if (!head.startsWith("HTTP/1.1 101") && !head.startsWith("HTTP/1.1 200")) {
        throw new IOException("attach refused: " + head.lines().findFirst().orElse(head));
      }
      return attach;
    } catch (IOException | RuntimeException e) {
      attach.close();
      throw e;
    }
  }

  /** Writes the function's whole input, then signals end-of-file. */
  void feed(byte[] input) throws IOException {
    writeAll(input);
    channel.shutdownOutput();
  }

  /** How {@link #pump} ended. */
  enum End {
    /** The container's streams ended: it exited, was killed, or the attachment was closed. */
    STREAMS,
    /** The function wrote more than its stdout cap. */
    OVERFLOW,
    /** Both streams carried the wrapper's trailer: the function has exited. */
    TRAILERS
  }

  /**
   * Copies frames to {@code sink} until the container's streams end, the stdout cap is exceeded, or
   * both streams have carried the {@link Trailer} with {@code nonce} (null: the container is not
   * wrapped); then {@code trailer} holds the exit status stdout's reported.
   */
  End pump(OutputSink sink, String nonce, String[] trailer) throws IOException {
    Trailer out = nonce == null ? null : new Trailer(nonce);
    Trailer err = nonce == null ? null : new Trailer(nonce);
    Trailer.Out stdout = sink::stdout;
    Trailer.Out stderr =
        (bytes, offset, length) -> {
          sink.stderr(bytes, offset, length);
          return true;
        };
    boolean outDone = false;
    boolean errDone = false;
    byte[] header = new byte[8];
    byte[] chunk = new byte[1 << 16];
    try {
      while (readFully(header, 8)) {
        int stream = header[0];
        long size = ByteBuffer.wrap(header, 4, 4).getInt() & 0xffff_ffffL;
        while (size > 0) {
          int n = (int) Math.min(size, chunk.length);
          if (!readFully(chunk, n)) {
            break;
          }
          size -= n;
          if (stream == STDOUT && !outDone) {
            Trailer.Scan scan =
                out == null ? plain(stdout, chunk, n) : out.scan(chunk, 0, n, stdout);
            if (scan == Trailer.Scan.STOPPED) {
              return End.OVERFLOW;
            }
            outDone = scan == Trailer.Scan.FOUND;
          } else if (stream == STDERR && !errDone) {
            errDone = err != null && err.scan(chunk, 0, n, stderr) == Trailer.Scan.FOUND;
          }
          if (outDone && errDone) {
            trailer[0] = out.code();
            return End.TRAILERS;
          }
        }
      }
    } catch (AsynchronousCloseException e) {
      // Closed by the run (deadline, cap): what was held back was output after all.
    }
    if (err != null && !errDone) {
      err.flush(stderr);
    }
    return out != null && !outDone && !out.flush(stdout) ? End.OVERFLOW : End.STREAMS;
  }

  private static Trailer.Scan plain(Trailer.Out stdout, byte[] chunk, int n) {
    return stdout.write(chunk, 0, n) ? Trailer.Scan.MORE : Trailer.Scan.STOPPED;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }

  private void writeAll(byte[] bytes) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(bytes);
    while (out.hasRemaining()) {
      channel.write(out);
    }
  }

  /** The response's status line and headers; what follows stays buffered for the frames. */
  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    byte[] one = new byte[1];
    while (!head.toString().endsWith("\r\n\r\n")) {
      if (head.length() > 16_384 || !readFully(one, 1)) {
        throw new IOException("the engine ended the attach response early: " + head);
      }
      head.append((char) (one[0] & 0xff));
    }
    return head.toString();
  }

  /** Fills {@code dst[0, length)}; false on end of stream before the first byte. */
  private boolean readFully(byte[] dst, int length) throws IOException {
    int done = 0;
    while (done < length) {
      if (!in.hasRemaining()) {
        in.clear();
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
          if (done == 0) {
            return false;
          }
          throw new IOException("the engine's stream ended inside a frame");
        }
      }
      int n = Math.min(length - done, in.remaining());
      in.get(dst, done, n);
      done += n;
    }
    return true;
  }
}
