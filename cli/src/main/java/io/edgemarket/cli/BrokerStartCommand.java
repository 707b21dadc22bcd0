package io.edgemarket.cli;

import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.cli.market.BrokerListener;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.cli.market.MarketDir;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket broker start}: the broker of a market alone (no provider agents, no workload),
 * serving HTTPS on an address others can reach, until Ctrl-C or SIGTERM. It is {@code up
 * --providers 0} with TLS always on: the same market, the same data directory.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    description = {
      "Start a market's broker (and its ledger) for contributors on other machines: no provider"
          + " agents, no sample workload. It serves HTTPS only, with a certificate issued by the"
          + " market CA at every start for ADDR, this machine's loopback and each --san (or the"
          + " --tls-cert/--tls-key pair given); plain HTTP gets no answer. Runs until Ctrl-C or"
          + " SIGTERM; a second start on the same DIR resumes the same market.",
      "Writes DIR/ca-cert.pem (the market CA: give it to contributors with their tokens; every"
          + " client verifies the broker against it) and the admin, consumer and auditor"
          + " identities under DIR/identities. Then: 'identity token --broker URL --role"
          + " provider' issues a token, and a contributor runs 'identity enroll --broker URL"
          + " --token T --ca-cert ca-cert.pem' and 'provider start --broker URL'."
    })
final class BrokerStartCommand implements Callable<Integer> {
  static final int DEFAULT_PORT = 8443;

  @ParentCommand BrokerCommand parent;

  @Option(
      names = "--host",
      required = true,
      paramLabel = "ADDR",
      description =
          "Address to listen on: one of this machine's addresses or host names, or 0.0.0.0 for"
              + " all of them.")
  String host;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "" + DEFAULT_PORT,
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--ledger",
      paramLabel = "KIND",
      defaultValue = "embedded",
      converter = LedgerOption.class,
      description = LedgerOption.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
  LedgerKind ledger;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Market data directory: the CA, the ledger, identities (default: $"
              + CommonOptions.DATA_ENV
              + " if set, else ./"
              + CommonOptions.DEFAULT_DATA
              + ").")
  Path data;

  @Mixin TlsOptions tlsOptions;

  @Mixin ConsumerLimitOptions consumerLimits;

  @Override
  public Integer call() throws Exception {
    PrintStream out = parent.root.out;
    PrintStream err = parent.root.err;
    if (port < 0 || port > 65_535) {
      err.println("edgemarket: --port must be 0..65535");
      return ExitCodes.USAGE;
    }
    BrokerListener listener;
    ConsumerLimits limits;
    try {
      listener = tlsOptions.listener(host, port, true);
      limits = consumerLimits.limits();
    } catch (CliException e) {
      err.println("edgemarket: " + e.getMessage());
      return e.exitCode();
    }
    Path dir =
        (data != null ? data : CommonOptions.defaultData(System.getenv()))
            .toAbsolutePath()
            .normalize();
    LocalMarket market = LocalMarket.start(dir, listener, 0, ledger, null, limits, err);
    return Foreground.hold(market, err, () -> announce(market, out));
  }

  private void announce(LocalMarket market, PrintStream out) {
    URI local = market.brokerUrl();
    String dataHint = data == null ? "" : " --data " + market.dir().root();
    out.println("EdgeMarket broker is up.");
    out.println("  listening on:   " + listenUrl(market));
    if (market.listener().certificate() == null) {
      out.println("  certificate of: " + String.join(", ", market.listener().hostNames()));
    }
    out.println("  status page:    " + local);
    out.println("  CA certificate: " + caFile(market.dir()) + " (give it to contributors)");
    out.println("  identities:     " + market.dir().root().resolve("identities"));
    out.println(
        "  issue a token:  ./edgemarket identity token --broker "
            + local
            + " --role provider"
            + dataHint);
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  private String listenUrl(LocalMarket market) {
    String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "https://" + shown + ":" + market.brokerUrl().getPort();
  }

  /** The market CA certificate clients verify against (on Fabric, one file per organisation). */
  static Path caFile(MarketDir dir) {
    return Files.exists(dir.caCertificateFile())
        ? dir.caCertificateFile()
        : dir.root().resolve("trust");
  }
}
