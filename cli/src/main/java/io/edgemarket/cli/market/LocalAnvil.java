package io.edgemarket.cli.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.json.Json;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local EVM node for {@code up --evm}: Foundry's anvil on a free loopback port, chain id {@value
 * #CHAIN_ID}, a block every second (so deposits gather confirmations), its log and state under
 * {@code DIR/anvil}. The state is written when it stops and read when it starts, so a second {@code
 * up} on the same DIR finds the same contracts and balances. Stopped with the market.
 */
public final class LocalAnvil implements AutoCloseable {
  public static final long CHAIN_ID = 31337;

  /** Where scripts/setup-prereqs.sh installs it (as the tests' fixture looks for it too). */
  static final Path CACHED =
      Path.of(
          System.getProperty("user.home"),
          ".cache/edgemarket/anvil/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final AtomicLong ids = new AtomicLong();

  private LocalAnvil(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The anvil binary: {@code $EDGEMARKET_ANVIL}, else the cached install, else on PATH. */
  static Optional<Path> binary() {
    String configured = System.getenv("EDGEMARKET_ANVIL");
    if (configured != null && !configured.isBlank()) {
      return Files.isExecutable(Path.of(configured))
          ? Optional.of(Path.of(configured))
          : Optional.empty();
    }
    if (Files.isExecutable(CACHED)) {
      return Optional.of(CACHED);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "anvil"))) {
        return Optional.of(Path.of(dir, "anvil"));
      }
    }
    return Optional.empty();
  }

  /**
   * Starts one; IllegalStateException, saying how to install it, when anvil is missing or does not
   * answer.
   */
  public static LocalAnvil start(Path dataDir) throws IOException, InterruptedException {
    Path binary =
        binary()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "--evm needs anvil, found neither $EDGEMARKET_ANVIL, "
                            + CACHED
                            + " nor anvil on PATH: scripts/setup-prereqs.sh installs it"));
    Path dir = Files.createDirectories(dataDir.resolve("anvil"));
    Path log = dir.resolve("anvil.log");
    int port = ChildProcesses.freePort();
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--chain-id",
                String.valueOf(CHAIN_ID),
                "--block-time",
                "1",
                "--state",
                dir.resolve("state.json").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    LocalAnvil anvil = new LocalAnvil(process, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        anvil.rpc("eth_chainId");
        return anvil;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    anvil.close();
    throw new IllegalStateException(
        "anvil did not start on port " + port + " (see " + log + "): " + Files.readString(log));
  }

  /** Its JSON-RPC URL: {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public long chainId() {
    return CHAIN_ID;
  }

  /** Gives {@code address} exactly {@code wei} of the chain's coin, for gas (anvil only). */
  public void setBalance(String address, BigInteger wei) throws IOException {
    rpc("anvil_setBalance", address, "0x" + wei.toString(16));
  }

  /** True when {@code address} holds contract code. */
  public boolean hasCode(String address) throws IOException {
    String code = rpc("eth_getCode", address, "latest").asText();
    return !code.isEmpty() && !code.equals("0x");
  }

  /** One JSON-RPC call; its {@code result}, or an IOException carrying the node's error. */
  JsonNode rpc(String method, Object... params) throws IOException {
    ObjectNode request = Json.mapper().createObjectNode();
    request.put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", method);
    request.set("params", Json.mapper().valueToTree(params));
    HttpRequest http =
        HttpRequest.newBuilder(URI.create(url()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(request)))
            .build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(http, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling " + method, e);
    }
    JsonNode body = Json.tree(response.body());
    if (body.hasNonNull("error")) {
      throw new IOException(method + " failed: " + body.get("error"));
    }
    return body.path("result");
  }

  /** Stops it as an operator would: anvil writes its state on the way out. */
  @Override
  public void close() {
    ChildProcesses.stop(process, Duration.ofSeconds(10));
  }
}
