package io.edgemarket.cli.market;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A mosquitto MQTT broker for {@code up --mqtt}, so MQTT triggers can be tried on one machine:
 * loopback only, anonymous, no persistence, its config and log under {@code DIR/mosquitto}. Stopped
 * with the market.
 */
public final class LocalMosquitto implements AutoCloseable {
  private static final Path DEBIAN = Path.of("/usr/sbin/mosquitto");

  private final Process process;
  private final int port;

  private LocalMosquitto(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The mosquitto binary: on PATH, or Debian's /usr/sbin/mosquitto (not always on PATH). */
  static Optional<Path> binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mosquitto"))) {
        return Optional.of(Path.of(dir, "mosquitto"));
      }
    }
    return Files.isExecutable(DEBIAN) ? Optional.of(DEBIAN) : Optional.empty();
  }

  /**
   * Starts one on a free loopback port; IllegalStateException, saying how to install it, when
   * mosquitto is missing or does not start.
   */
  public static LocalMosquitto start(Path dataDir) throws IOException, InterruptedException {
    Path binary =
        binary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "--mqtt needs mosquitto, found neither on PATH nor at "
                            + DEBIAN
                            + ": apt-get install mosquitto (or scripts/setup-prereqs.sh)"));
    Path dir = Files.createDirectories(dataDir.resolve("mosquitto"));
    int port = ChildProcesses.freePort();
    Path conf = dir.resolve("mosquitto.conf");
    Path log = dir.resolve("mosquitto.log");
    Files.writeString(
        conf,
        "# Written by 'edgemarket up --mqtt' at each start: loopback only, for trying MQTT"
            + " triggers.\nlistener "
            + port
            + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
    Process process =
        new ProcessBuilder(binary.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalMosquitto mosquitto = new LocalMosquitto(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return mosquitto;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    mosquitto.close();
    throw new IllegalStateException(
        "mosquitto did not start on port " + port + " (see " + log + "): " + Files.readString(log));
  }

  /** Its URL, for {@code trigger mqtt create --mqtt-url}: {@code tcp://127.0.0.1:PORT}. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    ChildProcesses.stop(process, Duration.ofSeconds(5));
  }
}
