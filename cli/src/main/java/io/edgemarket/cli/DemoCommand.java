package io.edgemarket.cli;

import io.edgemarket.cli.demo.DemoRun;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.cli.market.MarketDir;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket demo}: the sample workload, on a running market or a temporary one. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    description = {
      "Deploy the sample functions, invoke them many times, and print results, balances and one"
          + " receipt verified end to end from the ledger.",
      "With --broker it uses that running market (identities from --data); without, it starts a"
          + " market in --data and stops it at the end."
    })
final class DemoCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Mixin CommonOptions common;

  @Option(
      names = "--invocations",
      paramLabel = "N",
      defaultValue = "200",
      description = "How many invocations to make (default: ${DEFAULT-VALUE}).")
  int invocations;

  @Option(
      names = "--providers",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Provider agents, when the demo starts its own market (default: ${DEFAULT-VALUE}).")
  int providers;

  @Option(
      names = "--ledger",
      paramLabel = "KIND",
      defaultValue = "embedded",
      converter = LedgerOption.class,
      description =
          LedgerOption.DESCRIPTION
              + " Used when the demo starts its own market (default: ${DEFAULT-VALUE}).")
  LedgerKind ledger;

  @Mixin ContainerOption containers;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "0",
      description = "Broker port, when the demo starts its own market (default: any free port).")
  int port;

  @Override
  public Integer call() throws Exception {
    if (invocations < 1) {
      throw new IllegalArgumentException("--invocations must be at least 1");
    }
    PrintStream out = root.out;
    PrintStream err = root.err;
    if (common.brokerGiven()) {
      return new DemoRun(common.broker(), new MarketDir(common.dataDir()), out, err)
          .run(invocations);
    }
    try (LocalMarket market =
        LocalMarket.start(
            common.dataDir(), port, providers, ledger, containers.resolve(err), err)) {
      err.println("edgemarket: market up at " + market.brokerUrl());
      return new DemoRun(market.brokerUrl(), market.dir(), out, err).run(invocations);
    }
  }
}
