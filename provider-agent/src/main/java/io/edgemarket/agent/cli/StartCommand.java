package io.edgemarket.agent.cli;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket-agent start}: {@code ./edgemarket provider start}, without the rest. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Run a provider agent with the identity DIR/identities/NAME (from 'enroll') and the market"
          + " CA in DIR/ca-cert.pem, offering this machine's capacity to the broker.",
      "Prints what it offers, then its earnings every 30 s and at exit. Ctrl-C or SIGTERM drains:"
          + " no new work, running invocations finish, the offer is withdrawn."
    },
    exitCodeOnInvalidInput = AgentFailure.USAGE,
    exitCodeOnExecutionException = AgentFailure.FAILED)
final class StartCommand implements Callable<Integer> {
  @ParentCommand AgentMain root;
  @Mixin StartOptions options;
  @Mixin ConfigOption config;

  private volatile AgentRun running;

  @Override
  public Integer call() throws InterruptedException {
    return root.guarded(this::run);
  }

  private int run() throws IOException, InterruptedException {
    ProviderAgent agent = buildAgent();
    AgentRun run = new AgentRun(agent, options, root.out);
    running = run;
    try {
      run.run();
    } catch (IOException | LedgerException e) {
      throw AgentFailure.failed("the provider agent could not start: " + e.getMessage(), e);
    }
    return 0;
  }

  private ProviderAgent buildAgent() throws IOException {
    DataDir dir = new DataDir(options.market().dataDir());
    String name = DataDir.checkName(options.as());
    Identity identity = dir.identity(name);
    X509Certificate trustRoot = dir.trustRoot();
    try {
      ProviderAgentBuilder builder =
          options
              .configure(ProviderAgent.builder(), options.market().broker(), identity, trustRoot)
              .dataDir(dir.agentData(name));
      ContainerConfig containers = options.containers().resolve(root.err);
      if (containers != null) {
        builder.containers(containers);
      }
      return builder.build();
    } catch (IllegalArgumentException | IOException e) {
      throw AgentFailure.usage(e.getMessage());
    }
  }

  /** The running agent, or null before it has started; for tests. */
  ProviderAgent agent() {
    AgentRun run = running;
    return run == null ? null : run.agent();
  }

  /** Drains and returns, as SIGTERM does; for tests. */
  void stop() {
    AgentRun run = running;
    if (run != null) {
      run.stop();
    }
  }
}
