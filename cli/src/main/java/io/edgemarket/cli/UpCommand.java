package io.edgemarket.cli;

import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.cli.demo.DemoRun;
import io.edgemarket.cli.market.BrokerListener;
import io.edgemarket.cli.market.EvmConfig;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalAnvil;
import io.edgemarket.cli.market.LocalBridge;
import io.edgemarket.cli.market.LocalEvm;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.cli.market.LocalMosquitto;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code edgemarket up}: the whole market on this machine until Ctrl-C or SIGTERM. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    description = {
      "Start the ledger (embedded, or the local Fabric network with --ledger fabric), the broker"
          + " and N provider agents on this machine, and run until Ctrl-C or SIGTERM.",
      "Writes ready-to-use identities under DIR/identities (a consumer with funded escrow, an"
          + " auditor, the providers). A second 'up' on the same DIR resumes the same market."
    })
final class UpCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "Broker port (default: the port of --broker, 8080).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      defaultValue = BrokerListener.LOOPBACK,
      description =
          "Address the broker listens on (default: ${DEFAULT-VALUE}); any address but loopback"
              + " serves HTTPS only, with a certificate from the market CA (0.0.0.0: every"
              + " address of this machine).")
  String host;

  @Option(
      names = "--tls",
      description =
          "Serve HTTPS even on loopback; the port then refuses plain HTTP. Clients verify the"
              + " broker against DIR/ca-cert.pem.")
  boolean tls;

  @Mixin TlsOptions tlsOptions;

  @Option(
      names = "--providers",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Provider agents to start, each with an equal share of CPU and memory (default:"
              + " ${DEFAULT-VALUE}); 0 starts the broker alone, for agents run with 'provider"
              + " start' in their own processes.")
  int providers;

  @Option(
      names = "--ledger",
      paramLabel = "KIND",
      defaultValue = "embedded",
      converter = LedgerOption.class,
      description = LedgerOption.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
  LedgerKind ledger;

  @Mixin ContainerOption containers;

  @Mixin ConsumerLimitOptions consumerLimits;

  @Option(
      names = "--demo",
      description = "Once the market is up, run the sample workload against it (as 'demo' does).")
  boolean demo;

  @Option(
      names = "--mqtt",
      description =
          "Also start a local MQTT broker (mosquitto, loopback only, anonymous) for trying"
              + " 'trigger mqtt create', and print its URL; it stops with the market. Needs"
              + " mosquitto (apt-get install mosquitto).")
  boolean mqtt;

  @Option(
      names = "--evm",
      description =
          "Also start a local EVM chain (anvil, loopback only) with the market's token and"
              + " escrow deployed, keys for the consumer and providers (the consumer funded with"
              + " test tokens) and the bridge, all written to DIR/evm.json for 'account"
              + " deposit|withdraw' and 'audit', and run the bridge service that credits"
              + " deposits, pays withdrawals and anchors roots; they stop with the market. Needs anvil"
              + " (scripts/setup-prereqs.sh).")
  boolean evm;

  private LocalMosquitto mosquitto;
  private LocalAnvil anvil;
  private LocalEvm.Setup chain;
  private volatile LocalBridge bridge;

  @Override
  public Integer call() throws Exception {
    if (providers < 0 || providers > 64) {
      throw new IllegalArgumentException("--providers must be between 0 and 64");
    }
    PrintStream err = System.err;
    int brokerPort = port != null ? port : Math.max(common.broker().getPort(), 0);
    BrokerListener listener;
    ConsumerLimits limits;
    try {
      listener = tlsOptions.listener(host, brokerPort, BrokerListener.tlsWanted(host, tls));
      limits = consumerLimits.limits();
    } catch (CliException e) {
      err.println("edgemarket: " + e.getMessage());
      return e.exitCode();
    }
    if (mqtt) {
      try {
        mosquitto = LocalMosquitto.start(common.dataDir());
      } catch (IllegalStateException e) {
        err.println("edgemarket: " + e.getMessage());
        return ExitCodes.FAILED;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(mosquitto::close, "edgemarket-mosquitto"));
    }
    if (evm) {
      try {
        anvil = LocalAnvil.start(common.dataDir());
      } catch (IllegalStateException e) {
        err.println("edgemarket: " + e.getMessage());
        closeSideServices();
        return ExitCodes.FAILED;
      }
      // The bridge stops before its chain does.
      Runtime.getRuntime().addShutdownHook(new Thread(this::closeChain, "edgemarket-anvil"));
    }
    LocalMarket market;
    try {
      market =
          LocalMarket.start(
              common.dataDir(), listener, providers, ledger, containers.resolve(err), limits, err);
    } catch (Exception | Error e) {
      closeSideServices();
      throw e;
    }
    if (anvil != null) {
      try {
        chain = LocalEvm.setUp(market, anvil, err);
        bridge = LocalBridge.start(market, chain);
      } catch (IllegalStateException e) {
        // A ledger that served another escrow of this chain: a fact to state, not a crash.
        err.println("edgemarket: " + e.getMessage());
        market.close();
        closeSideServices();
        return ExitCodes.FAILED;
      } catch (Exception | Error e) {
        market.close();
        closeSideServices();
        throw e;
      }
    }
    return Foreground.hold(market, err, () -> announce(market, err));
  }

  private void announce(LocalMarket market, PrintStream err) throws Exception {
    PrintStream out = System.out;
    out.println("EdgeMarket is up.");
    out.println("  broker and status page: " + market.brokerUrl());
    out.println("  web UI:                 " + market.brokerUrl().resolve("/"));
    out.println("  metrics:                " + market.brokerUrl().resolve("/metrics"));
    out.println("  identities:             " + market.dir().root().resolve("identities"));
    if (mosquitto != null) {
      out.println("  mqtt:                   " + mosquitto.url());
    }
    if (chain != null) {
      EvmConfig config = chain.config();
      out.println(
          "  evm chain:              " + config.rpcUrl() + " (chain id " + config.chainId() + ")");
      out.println(
          "  escrow:                 " + config.escrow() + " (token " + config.token() + ")");
      out.println("  evm keys:               " + EvmConfig.file(market.dir()));
    }
    if (market.listener().tls()) {
      out.println("  CA certificate:         " + BrokerStartCommand.caFile(market.dir()));
    }
    out.println("  try: ./edgemarket demo --broker " + market.brokerUrl() + dataHint());
    if (chain != null) {
      out.println("       ./edgemarket account deposit --amount 1000" + dataHint());
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    if (demo) {
      new DemoRun(market.brokerUrl(), market.dir(), out, err).run(DemoRun.DEFAULT_INVOCATIONS);
    }
  }

  private void closeSideServices() {
    if (mosquitto != null) {
      mosquitto.close();
    }
    closeChain();
  }

  private void closeChain() {
    LocalBridge running = bridge;
    if (running != null) {
      running.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  private String dataHint() {
    return common.isDefaultData() ? "" : " --data " + common.dataDir();
  }
}
