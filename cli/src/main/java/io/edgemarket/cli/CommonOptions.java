package io.edgemarket.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options every command shares: where the broker is, where the market's data directory is, and
 * which identity in it to act as. The data directory defaults to {@code $EDGEMARKET_DATA}, else
 * {@code .edgemarket} in the working directory, so that {@code up} and later commands run from the
 * same place find each other without options.
 */
public final class CommonOptions {
  public static final URI DEFAULT_BROKER = URI.create("http://127.0.0.1:8080");
  public static final String DATA_ENV = "EDGEMARKET_DATA";
  public static final String DEFAULT_DATA = ".edgemarket";

  @Option(
      names = "--broker",
      paramLabel = "URL",
      description = "Base URL of the market's broker (default: " + "http://127.0.0.1:8080" + ").")
  URI broker;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Market data directory written by 'up': ca-cert.pem and identities/<name>/ (default:"
              + " $"
              + DATA_ENV
              + " if set, else ./"
              + DEFAULT_DATA
              + ").")
  Path data;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      defaultValue = "consumer",
      description =
          "Identity to act as: the directory DIR/identities/NAME (cert.pem, key.pem, msp-id)"
              + " (default: ${DEFAULT-VALUE}).")
  String as = "consumer";

  /** The broker to talk to: {@code --broker}, else http://127.0.0.1:8080. */
  public URI broker() {
    return broker != null ? broker : DEFAULT_BROKER;
  }

  /** True when {@code --broker} was given (a running market is meant). */
  public boolean brokerGiven() {
    return broker != null;
  }

  /** The data directory, absolute: {@code --data}, else $EDGEMARKET_DATA, else ./.edgemarket. */
  public Path dataDir() {
    return (data != null ? data : defaultData(System.getenv())).toAbsolutePath().normalize();
  }

  /** True when no {@code --data} was given. */
  public boolean isDefaultData() {
    return data == null;
  }

  /** The identity name of {@code --as}; a plain name, never a path. */
  public String identityName() {
    if (as == null || !as.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw CliException.usage(
          "--as must name an identity directory under DIR/identities (letters, digits, '.', '_',"
              + " '-'), got '"
              + as
              + "'");
    }
    return as;
  }

  static Path defaultData(Map<String, String> env) {
    String fromEnv = env.get(DATA_ENV);
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_DATA);
  }
}
