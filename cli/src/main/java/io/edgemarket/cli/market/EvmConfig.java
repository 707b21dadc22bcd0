package io.edgemarket.cli.market;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code DIR/evm.json}, written by {@code up --evm}: the local chain the market's bridge serves and
 * each participant's key on it, so that {@code account deposit|withdraw} and {@code audit} need
 * only {@code --data DIR}. Key files are named relative to DIR.
 *
 * @param rpcUrl the node's JSON-RPC URL
 * @param chainId the chain id the node serves
 * @param token the ERC-20 the escrow holds
 * @param escrow the EdgeEscrow contract
 * @param bridge the bridge key (its address is the escrow's bridgeSigner)
 * @param keys each identity's key, by its name under DIR/identities
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvmConfig(
    String rpcUrl, long chainId, String token, String escrow, Key bridge, Map<String, Key> keys) {
  public static final String FILE = "evm.json";

  public EvmConfig {
    keys = keys == null ? Map.of() : Map.copyOf(new TreeMap<>(keys));
  }

  /** One secp256k1 key: its file (relative to DIR) and its address. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Key(String keyFile, String address) {}

  public static Path file(MarketDir dir) {
    return dir.root().resolve(FILE);
  }

  /** The directory's evm.json, or empty when {@code up --evm} never ran there. */
  public static Optional<EvmConfig> read(MarketDir dir) throws IOException {
    Path file = file(dir);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(Files.readString(file), EvmConfig.class));
    } catch (IllegalArgumentException e) {
      throw new IOException("unreadable " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(MarketDir dir) throws IOException {
    Path file = file(dir);
    Path written = file.resolveSibling(FILE + ".tmp");
    Files.writeString(
        written, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
    Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** {@code name}'s key, if up gave it one. */
  public Optional<Key> key(String name) {
    return Optional.ofNullable(keys.get(name));
  }

  /** As this, with the node at another URL (anvil gets a free port at each start). */
  public EvmConfig at(String url) {
    return new EvmConfig(url, chainId, token, escrow, bridge, keys);
  }
}
