package io.edgemarket.agent.container;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's {@code wait} for one container's next exit, asked before it starts, over a socket of
 * its own. Asked ahead, its answer arrives the moment the function exits, which saves a round trip
 * on the invocation's path; and since the engine answers as soon as the container stops, whoever
 * stopped it, a pooled container that was killed or removed before its call shows as {@link
 * #exited()} without asking the engine. Its own socket, not docker-java's: idle warm containers
 * must not hold connections of the client's bounded pool.
 */
final class ExitWait implements Closeable {
  private static final Pattern STATUS = Pattern.compile("\"StatusCode\"\\s*:\\s*(-?\\d+)");

  private final SocketChannel channel;
  private final StringBuilder body = new StringBuilder();
  private boolean ended;

  private ExitWait(SocketChannel channel) {
    this.channel = channel;
  }

  /** Asks for the next exit and reads the answer's head, which the engine sends at once. */
  static ExitWait open(SocketAddress engine, String containerId) throws IOException {
    ExitWait wait = new ExitWait(SocketChannel.open(engine));
    try {
      String request =
          "POST /containers/"
              + containerId
              + "/wait?condition=next-exit HTTP/1.1\r\n"
              + "Host: docker\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
      ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      while (out.hasRemaining()) {
        wait.channel.write(out);
      }
      String head = wait.readHead();
      if (!head.startsWith("HTTP/1.1 200")) {
        throw new IOException("wait refused: " + head.lines().findFirst().orElse(head));
      }
      return wait;
    } catch (IOException | RuntimeException e) {
      wait.close();
      throw e;
    }
  }

  /** True once the container has stopped (or the engine dropped the wait); never blocks. */
  synchronized boolean exited() {
    if (ended || body.length() > 0) {
      return true;
    }
    try {
      channel.configureBlocking(false);
      try {
        readSome();
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException e) {
      ended = true;
    }
    return ended || body.length() > 0;
  }

  /** Blocks until the container stops; its exit code. Closing this from another thread ends it. */
  synchronized long await() throws IOException {
    while (!ended) {
      readSome();
    }
    Matcher status = STATUS.matcher(body);
    if (!status.find()) {
      throw new IOException("the engine's wait answer has no exit code: " + body);
    }
    return Long.parseLong(status.group(1));
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
  }

  /** Reads what is there; the body is small JSON, possibly chunked, so it is kept as text. */
  private void readSome() throws IOException {
    ByteBuffer in = ByteBuffer.allocate(1024);
    int n = channel.read(in);
    if (n < 0) {
      ended = true;
    } else if (n > 0) {
      body.append(new String(in.array(), 0, n, StandardCharsets.UTF_8));
    }
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (head.indexOf("\r\n\r\n") < 0) {
      one.clear();
      if (head.length() > 16_384 || channel.read(one) < 0) {
        throw new IOException("the engine ended the wait answer early: " + head);
      }
      head.append((char) (one.get(0) & 0xff));
    }
    return head.toString();
  }
}
