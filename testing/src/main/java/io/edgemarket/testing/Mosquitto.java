package io.edgemarket.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real mosquitto MQTT broker on a free loopback port, for tests of the MQTT triggers: anonymous,
 * no persistence, its log in the test's directory. Where mosquitto is missing, a test that starts
 * one fails under CI ({@code CI=true}: CI must have it, scripts/setup-prereqs.sh installs it) and
 * is skipped elsewhere, saying so on stderr.
 */
public final class Mosquitto implements AutoCloseable {
  private static final List<String> PLACES =
      List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto");

  private final Process process;
  private final int port;
  private final Path log;

  private Mosquitto(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The mosquitto binary: on PATH, or where Debian puts it (/usr/sbin is not always on PATH). */
  public static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mosquitto"))) {
        return Optional.of(Path.of(dir, "mosquitto"));
      }
    }
    return PLACES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** Starts one with its files under {@code dir}; skips or fails the test without mosquitto. */
  public static Mosquitto start(Path dir) throws IOException, InterruptedException {
    Optional<Path> binary = binary();
    if (binary.isEmpty()) {
      String why =
          "mosquitto is not installed (apt-get install mosquitto, or scripts/setup-prereqs.sh):"
              + " the MQTT trigger tests need a real MQTT broker";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why);
      }
      System.err.println("SKIPPED: " + why);
      Assumptions.abort(why);
    }
    Files.createDirectories(dir);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path conf = dir.resolve("mosquitto-" + port + ".conf");
      Path log = dir.resolve("mosquitto-" + port + ".log");
      Files.writeString(
          conf,
          "listener "
              + port
              + " 127.0.0.1\nallow_anonymous true\npersistence false\nlog_type all\n");
      Process process =
          new ProcessBuilder(binary.get().toString(), "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Mosquitto mosquitto = new Mosquitto(process, port, log);
      if (mosquitto.awaitListening()) {
        return mosquitto;
      }
      mosquitto.close();
      last = new IOException("mosquitto did not listen on " + port + ": " + Files.readString(log));
    }
    throw last;
  }

  /** Its URL for Paho: {@code tcp://127.0.0.1:PORT}. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** What mosquitto logged so far (connections, subscriptions), for assertion messages. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Waits until mosquitto acknowledged a subscription to {@code topic} (from its log: a broker
   * subscribes in the background, and a message published before would reach nobody).
   */
  public void awaitSubscribed(String topic) {
    Await.until(
        "mosquitto acknowledged a subscription to " + topic,
        () -> {
          String all = log();
          int at = all.indexOf("\t" + topic + " (QoS");
          return at >= 0 && all.indexOf("Sending SUBACK", at) > 0;
        });
  }

  /** Waits until mosquitto logged {@code text} (e.g. {@code Received UNSUBSCRIBE}). */
  public void awaitLogged(String text) {
    Await.until("mosquitto logged " + text, () -> log().contains(text));
  }

  private boolean awaitListening() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return true;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
