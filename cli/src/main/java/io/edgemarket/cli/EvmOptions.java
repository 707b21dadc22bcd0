package io.edgemarket.cli;

import io.edgemarket.cli.market.EvmConfig;
import io.edgemarket.cli.market.MarketDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the market's chain is and which key acts on it: {@code --rpc}, {@code --escrow} and {@code
 * --key}, each defaulting to what {@code up --evm} wrote in {@code DIR/evm.json} for the {@code
 * --as} identity.
 */
final class EvmOptions {
  static final String HOW =
      "run './edgemarket up --evm' with this --data DIR (it writes DIR/evm.json), or pass --rpc URL"
          + " and --escrow ADDR";

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      description = "The chain node's JSON-RPC URL (default: rpcUrl in DIR/evm.json).")
  String rpc;

  @Option(
      names = "--escrow",
      paramLabel = "ADDR",
      description =
          "The market's EdgeEscrow contract on that chain (default: escrow in DIR/evm.json).")
  String escrow;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "File holding the --as identity's secp256k1 private key in hex (default: its key file in"
              + " DIR/evm.json).")
  Path key;

  /** Where the chain is, or empty when neither the options nor DIR/evm.json say. */
  Optional<EvmTarget> target(MarketDir dir) {
    EvmConfig config = config(dir).orElse(null);
    String url = rpc != null ? rpc : config != null ? config.rpcUrl() : null;
    String address = escrow != null ? escrow : config != null ? config.escrow() : null;
    if (url == null || address == null) {
      return Optional.empty();
    }
    if (!address.matches("0x[0-9a-fA-F]{40}")) {
      throw CliException.usage("--escrow must be an address (0x and 40 hex digits): " + address);
    }
    // The chain id of evm.json holds for its own node only; another --rpc is asked for its own.
    long chainId = config != null && rpc == null ? config.chainId() : 0;
    return Optional.of(new EvmTarget(url, address, chainId));
  }

  /** As {@link #target}, a usage error naming the options when there is none. */
  EvmTarget requireTarget(MarketDir dir, String command) {
    return target(dir)
        .orElseThrow(
            () ->
                CliException.usage(
                    command + " needs the market's chain: no " + EvmConfig.file(dir) + "; " + HOW));
  }

  /** The key file of identity {@code name}: {@code --key}, else evm.json's; usage error if none. */
  Path keyFile(MarketDir dir, String name) {
    if (key != null) {
      return key;
    }
    return config(dir)
        .flatMap(c -> c.key(name))
        .map(k -> dir.root().resolve(k.keyFile()))
        .orElseThrow(
            () ->
                CliException.usage(
                    "no chain key for identity '"
                        + name
                        + "' in "
                        + EvmConfig.file(dir)
                        + ": pass --key FILE"));
  }

  /** The chain address evm.json records for {@code name}, if any. */
  Optional<String> addressOf(MarketDir dir, String name) {
    return config(dir).flatMap(c -> c.key(name)).map(EvmConfig.Key::address);
  }

  private static Optional<EvmConfig> config(MarketDir dir) {
    try {
      return EvmConfig.read(dir);
    } catch (IOException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** A chain node and the escrow on it; {@code chainId} 0 when the node is to be asked. */
  record EvmTarget(String rpcUrl, String escrow, long chainId) {}
}
