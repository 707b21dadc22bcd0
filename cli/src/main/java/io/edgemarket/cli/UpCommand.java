package io.edgemarket.cli;

import io.edgemarket.cli.demo.DemoRun;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
      description = "Broker port on 127.0.0.1 (default: the port of --broker, 8080).")
  Integer port;

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

  @Option(
      names = "--demo",
      description = "Once the market is up, run the sample workload against it (as 'demo' does).")
  boolean demo;

  @Override
  public Integer call() throws Exception {
    if (providers < 0 || providers > 64) {
      throw new IllegalArgumentException("--providers must be between 0 and 64");
    }
    PrintStream err = System.err;
    int brokerPort = port != null ? port : Math.max(common.broker().getPort(), 0);
    CountDownLatch stopped = new CountDownLatch(1);
    LocalMarket market =
        LocalMarket.start(
            common.dataDir(), brokerPort, providers, ledger, containers.resolve(err), err);
    Thread hook =
        new Thread(
            () -> {
              err.println("edgemarket: stopping (draining agents, closing ledger)...");
              market.close();
              err.println("edgemarket: stopped");
              stopped.countDown();
            },
            "edgemarket-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintStream out = System.out;
    out.println("EdgeMarket is up.");
    out.println("  broker and status page: " + market.brokerUrl());
    out.println("  metrics:                " + market.brokerUrl().resolve("/metrics"));
    out.println("  identities:             " + market.dir().root().resolve("identities"));
    out.println("  try: ./edgemarket demo --broker " + market.brokerUrl() + dataHint());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    if (demo) {
      new DemoRun(market.brokerUrl(), market.dir(), out, err).run(DemoRun.DEFAULT_INVOCATIONS);
    }
    stopped.await();
    return 0;
  }

  private String dataHint() {
    return common.isDefaultData() ? "" : " --data " + common.dataDir();
  }
}
