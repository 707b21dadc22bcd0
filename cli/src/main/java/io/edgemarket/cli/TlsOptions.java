package io.edgemarket.cli;

import io.edgemarket.cli.market.BrokerListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a broker started here serves HTTPS: by default with a certificate the market CA issues at
 * every start, naming the listening address, loopback and any {@code --san}; or with the operator's
 * own pair of PEM files, which must come from the market CA too (clients trust only it).
 */
final class TlsOptions {
  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "PEM certificate chain to serve instead of one issued at start (its own certificate"
              + " first); it must be issued by the market CA, as clients verify against"
              + " DIR/ca-cert.pem. Needs --tls-key.")
  Path certificate;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
  Path key;

  @Option(
      names = "--san",
      paramLabel = "NAME",
      split = ",",
      description =
          "Another host name or address the issued certificate must carry, e.g. the public DNS"
              + " name or NAT address contributors dial (repeatable, or comma-separated).")
  List<String> names = new ArrayList<>();

  /** The listener for {@code host:port}, with TLS when {@code tls}. */
  BrokerListener listener(String host, int port, boolean tls) {
    if ((certificate == null) != (key == null)) {
      throw CliException.usage("--tls-cert and --tls-key go together");
    }
    if (!tls && (certificate != null || !names.isEmpty())) {
      throw CliException.usage(
          "--tls-cert, --tls-key and --san need HTTPS: add --tls, or listen beyond loopback");
    }
    return new BrokerListener(host, port, tls, names, certificate, key);
  }
}
