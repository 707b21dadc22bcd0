package io.edgemarket.cli.market;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the helper servers a market starts beside itself (mosquitto, anvil) have in common. */
final class ChildProcesses {
  private ChildProcesses() {}

  /** A loopback port free now, for a child to listen on. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Asks the child to stop (SIGTERM, so it can save its state), then kills it after {@code grace}.
   */
  static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
