package io.edgemarket.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * A real anvil (Foundry's local EVM node) on a free loopback port, for the bridge's tests: chain id
 * 31337, ten funded dev accounts, a block per transaction. Where anvil is missing, a test that
 * starts one fails under CI ({@code CI=true}: scripts/setup-prereqs.sh installs it) and is skipped
 * elsewhere, saying so on stderr. Its state is kept in the test's directory when it stops, so
 * {@link #restart()} brings back the same chain on the same port (a node that went down).
 */
public final class Anvil implements AutoCloseable {
  /** Where scripts/setup-prereqs.sh installs it ({@code npm install --prefix}). */
  public static final Path CACHED =
      Path.of(
          System.getProperty("user.home"),
          ".cache/edgemarket/anvil/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");

  public static final long CHAIN_ID = 31337;

  /**
   * The private keys of anvil's dev accounts (its default mnemonic), each funded with 10000 ETH.
   */
  public static final List<String> DEV_PRIVATE_KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
          "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
          "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
          "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
          "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
          "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
          "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
          "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path binary;
  private final Path dir;
  private final int port;
  private final AtomicLong ids = new AtomicLong();
  private Process process;

  private Anvil(Path binary, Path dir, int port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** The anvil binary: {@code $EDGEMARKET_ANVIL}, else {@link #CACHED}, else on PATH. */
  public static Optional<Path> binary() {
    String configured = System.getenv("EDGEMARKET_ANVIL");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    if (Files.isExecutable(CACHED)) {
      return Optional.of(CACHED);
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "anvil"))) {
        return Optional.of(Path.of(entry, "anvil"));
      }
    }
    return Optional.empty();
  }

  /** Starts one with its log and state under {@code dir}; skips or fails the test without anvil. */
  public static Anvil start(Path dir) throws IOException, InterruptedException {
    Optional<Path> binary = binary();
    if (binary.isEmpty()) {
      String why =
          "anvil is not installed (scripts/setup-prereqs.sh puts it in "
              + CACHED
              + ", or set EDGEMARKET_ANVIL): the bridge tests need a real EVM node";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(why);
      }
      System.err.println("SKIPPED: " + why);
      Assumptions.abort(why);
    }
    Files.createDirectories(dir);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Anvil anvil = new Anvil(binary.get(), dir, freePort());
      try {
        anvil.launch();
        return anvil;
      } catch (IOException e) {
        anvil.kill();
        last = e;
      }
    }
    throw last;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public long chainId() {
    return CHAIN_ID;
  }

  /** One JSON-RPC call; its {@code result}, or an exception carrying the node's error. */
  public JsonNode rpc(String method, Object... params) throws IOException {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", method);
    request.set("params", JSON.valueToTree(params));
    HttpRequest http =
        HttpRequest.newBuilder(URI.create(url()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
            .build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(http, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling " + method, e);
    }
    JsonNode body = JSON.readTree(response.body());
    if (body.hasNonNull("error")) {
      throw new IOException(method + " failed: " + body.get("error"));
    }
    return body.path("result");
  }

  public long blockNumber() throws IOException {
    return quantity(rpc("eth_blockNumber"));
  }

  /**
   * Takes a snapshot of the whole chain ({@code evm_snapshot}); {@link #revert} goes back to it.
   */
  public String snapshot() throws IOException {
    return rpc("evm_snapshot").asText();
  }

  /**
   * Drops every block after {@code snapshot} (a reorg, as far as clients can tell: logs they saw
   * are gone). A snapshot can be reverted to once.
   */
  public boolean revert(String snapshot) throws IOException {
    return rpc("evm_revert", snapshot).asBoolean();
  }

  /** Mines {@code blocks} empty blocks at once. */
  public void mine(int blocks) throws IOException {
    rpc("anvil_mine", "0x" + Integer.toHexString(blocks));
  }

  /** Stops it as an operator would (its state is written to the test's directory). */
  public void stop() {
    end(false);
  }

  /** Kills it (SIGKILL): what it held since it last started is lost. */
  public void kill() {
    end(true);
  }

  /** Starts it again on the same port, with the state it wrote when it was last stopped. */
  public void restart() throws IOException, InterruptedException {
    stop();
    launch();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** What anvil logged, for assertion messages. */
  public String log() {
    try {
      return Files.readString(logFile());
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                binary.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--chain-id",
                String.valueOf(CHAIN_ID),
                "--state",
                dir.resolve("anvil-" + port + "-state.json").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (quantity(rpc("eth_chainId")) == CHAIN_ID) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new IOException("anvil did not answer eth_chainId on " + port + ": " + log());
  }

  private Path logFile() {
    return dir.resolve("anvil-" + port + ".log");
  }

  private void end(boolean forcibly) {
    if (process == null) {
      return;
    }
    try {
      if (forcibly) {
        process.destroyForcibly();
      } else {
        process.destroy();
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static long quantity(JsonNode hex) {
    return new BigInteger(hex.asText().substring(2), 16).longValueExact();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
