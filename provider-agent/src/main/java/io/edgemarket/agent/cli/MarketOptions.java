package io.edgemarket.agent.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --broker} and {@code --data}: which market, and where this contributor keeps its files.
 */
public final class MarketOptions {
  public static final URI DEFAULT_BROKER = URI.create("http://127.0.0.1:8080");
  public static final String DATA_ENV = "EDGEMARKET_DATA";
  public static final String DEFAULT_DATA = ".edgemarket";

  @Option(
      names = "--broker",
      paramLabel = "URL",
      description = "Base URL of the market's broker (default: http://127.0.0.1:8080).")
  URI broker;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Data directory holding ca-cert.pem and identities/<name>/ (default: $"
              + DATA_ENV
              + " if set, else ./"
              + DEFAULT_DATA
              + ").")
  Path data;

  /** {@code --broker} as given, or null. */
  public URI brokerOrNull() {
    return broker;
  }

  /** {@code --data} as given, or null. */
  public Path dataOrNull() {
    return data;
  }

  /** The broker: {@code --broker}, else http://127.0.0.1:8080. */
  URI broker() {
    return broker != null ? broker : DEFAULT_BROKER;
  }

  /**
   * The data directory, absolute: {@code --data}, else ./.edgemarket ({@code $EDGEMARKET_DATA}
   * reaches {@code --data} through {@link AgentDefaults}).
   */
  Path dataDir() {
    return (data != null ? data : Path.of(DEFAULT_DATA)).toAbsolutePath().normalize();
  }
}
