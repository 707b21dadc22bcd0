package io.edgemarket.cli;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.agent.cli.AgentRun;
import io.edgemarket.agent.cli.StartOptions;
import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.model.ledger.LedgerException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket provider start}: one provider agent for a broker anywhere, until Ctrl-C or
 * SIGTERM. The options are provider-agent's {@link StartOptions} and the lifecycle its {@link
 * AgentRun}, the same as the standalone {@code bin/edgemarket-agent start}'s.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Run a provider agent with the identity DIR/identities/NAME (from 'identity enroll') and"
          + " the market CA in DIR/ca-cert.pem, offering this machine's capacity to the broker.",
      "Prints what it offers, then its earnings every 30 s and at exit. Ctrl-C or SIGTERM drains:"
          + " no new work, running invocations finish, the offer is withdrawn."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class ProviderStartCommand extends ClientCommand {
  @ParentCommand ProviderCommand parent;
  @Mixin StartOptions offer;

  private volatile AgentRun running;

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    CommonOptions common = new CommonOptions();
    common.broker = offer.market().brokerOrNull();
    common.data = offer.market().dataOrNull();
    common.as = offer.as();
    return common;
  }

  /** The agent, configured from the options; not started. */
  ProviderAgent buildAgent() {
    String name = common().identityName();
    var identity = identity(name);
    X509Certificate trustRoot = trustRootOrNull();
    if (trustRoot == null) {
      throw CliException.usage(
          "no "
              + market().caCertificateFile()
              + ": enroll first with ./edgemarket identity enroll");
    }
    try {
      ProviderAgentBuilder builder =
          offer
              .configure(ProviderAgent.builder(), common().broker(), identity, trustRoot)
              .dataDir(market().agentData(name));
      ContainerConfig containers = offer.containers().resolve(err());
      if (containers != null) {
        builder.containers(containers);
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    } catch (IOException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  @Override
  int run() throws InterruptedException {
    AgentRun run = new AgentRun(buildAgent(), offer, out());
    running = run;
    try {
      run.run();
    } catch (IOException | LedgerException e) {
      throw new CliException(
          ExitCodes.FAILED, "the provider agent could not start: " + e.getMessage(), e);
    }
    return ExitCodes.OK;
  }

  /** The running agent, or null before it has started. */
  ProviderAgent agent() {
    AgentRun run = running;
    return run == null ? null : run.agent();
  }

  /** Asks {@link #run} to drain the agent and return, as Ctrl-C does. */
  void stop() {
    AgentRun run = running;
    if (run != null) {
      run.stop();
    }
  }
}
