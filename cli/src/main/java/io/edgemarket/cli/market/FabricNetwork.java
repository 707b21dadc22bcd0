package io.edgemarket.cli.market;

import io.edgemarket.ledger.fabric.FabricMarketIdentities;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The local Fabric network that {@code --ledger fabric} runs on: started through {@code
 * network-config/scripts/network.sh up} (idempotent: it reuses a running network and builds the
 * binaries only when they are missing), then opened as the consortium's CAs and peers.
 */
public final class FabricNetwork {
  /** Set by the {@code edgemarket} launcher: the source tree holding {@code network-config}. */
  public static final String HOME_PROPERTY = "edgemarket.home";

  private static final String SCRIPT = "network-config/scripts/network.sh";
  private static final int TAIL_LINES = 30;

  private FabricNetwork() {}

  /** Starts the network if it is not up, echoing the script's progress, and opens it. */
  public static FabricMarketIdentities start(PrintStream log)
      throws IOException, InterruptedException {
    Path script = script();
    log.println("edgemarket: starting the Fabric network (" + script + " up)...");
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "up");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        log.println("fabric: " + line);
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
          tail.removeFirst();
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException(
          "the Fabric network did not start (" + script + " up exited " + exit + ")");
    }
    return open();
  }

  /** Opens a network that is already up. */
  public static FabricMarketIdentities open() throws IOException {
    Path dir = FabricMarketIdentities.defaultNetworkDir();
    if (!Files.isDirectory(dir.resolve("crypto"))) {
      throw new IOException(
          "no Fabric network in "
              + dir
              + ": start one with ./edgemarket up --ledger fabric (or network-config/scripts/"
              + "network.sh up)");
    }
    return FabricMarketIdentities.open(dir);
  }

  private static Path script() throws IOException {
    String home = System.getProperty(HOME_PROPERTY);
    Path start = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SCRIPT);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IOException(
        "cannot find "
            + SCRIPT
            + " above "
            + start
            + ": run ./edgemarket from the EdgeMarket source tree (or set -D"
            + HOME_PROPERTY
            + ")");
  }
}
