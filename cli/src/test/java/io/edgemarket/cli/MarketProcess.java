package io.edgemarket.cli;

import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A part of a market ({@code up}, {@code provider start}) run as its own JVM with this test's class
 * path, as the launcher runs it, its output in a log file. {@link #kill} is SIGKILL.
 */
final class MarketProcess {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;

  private MarketProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static MarketProcess start(Path log, String... args) throws IOException {
    return startMain(log, EdgeMarketCli.class, args);
  }

  /** Runs {@code main} of another class of the test's class path, e.g. a test-only agent. */
  static MarketProcess startMain(Path log, Class<?> main, String... args) throws IOException {
    return startWrapped(log, List.of(), main, args);
  }

  /**
   * As {@link #startMain}, the JVM run under {@code wrapper} (e.g. {@code faketime -f +10m}), which
   * must exec it so that the process's signals reach the JVM.
   */
  static MarketProcess startWrapped(Path log, List<String> wrapper, Class<?> main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:+UseSerialGC", "-Xss4m", "-Xmx384m"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(main.getName());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new MarketProcess(process, log);
  }

  /** Until the broker's health is UP (200); fails with this process's log if it died. */
  void awaitHealthy(String broker, Duration bound) {
    Await.until(
        "health of " + broker + " (log " + log + ")",
        bound,
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("exited " + process.exitValue() + ":\n" + tail());
          }
          return status(broker + "/api/v1/health") == 200;
        });
  }

  /**
   * Until the process's log holds {@code text} (each process has a log of its own); fails with the
   * log if the process died.
   */
  void awaitLine(String text, Duration bound) {
    Await.until(
        "'" + text + "' in " + log,
        bound,
        () -> {
          if (Files.exists(log) && Files.readString(log).contains(text)) {
            return true;
          }
          if (!process.isAlive()) {
            throw new IllegalStateException("exited " + process.exitValue() + ":\n" + tail());
          }
          return false;
        });
  }

  /** Until the broker counts {@code n} serving providers. */
  static void awaitProviders(String broker, int n, Duration bound) {
    Await.until(
        n + " providers serving at " + broker,
        bound,
        () -> {
          String health = body(broker + "/api/v1/health");
          return health != null && Json.tree(health).path("providers").asInt() >= n;
        });
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) with kill(1). */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException(
          "kill -" + signal + " " + process.pid() + " exited " + kill.exitValue());
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGTERM, then SIGKILL if it does not stop. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The lines of this process's log that contain {@code text}. */
  List<String> linesWith(String text) {
    try {
      return Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int status(String url) {
    try {
      return HTTP.send(request(url), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static String body(String url) {
    try {
      return HTTP.send(request(url), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
  }
}
