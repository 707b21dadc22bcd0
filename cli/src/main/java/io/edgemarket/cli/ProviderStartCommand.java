package io.edgemarket.cli;

import io.edgemarket.agent.Inbound;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.model.ledger.LedgerException;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket provider start}: one provider agent for a broker anywhere, until Ctrl-C or
 * SIGTERM. The options are in {@link ProviderOffer}, so that this class is only the lifecycle.
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
  static final long REPORT_SECONDS = 30;

  @ParentCommand ProviderCommand parent;
  @Mixin ContributorOptions options;
  @Mixin ProviderOffer offer;

  @Option(
      names = "--dial-out",
      description =
          "Take invocations only over the link this agent dials out to the broker: no inbound"
              + " port is needed (behind NAT). --host and --port then serve only the agent's"
              + " /health and /metrics. Without it the agent dials out too, and also accepts"
              + " invocations pushed to --host:--port while its link is down.")
  boolean dialOut;

  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile ProviderAgent agent;

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    return options.common(offer.as);
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
      if (dialOut) {
        builder.inbound(Inbound.STATUS);
      }
      ContainerConfig containers = offer.containerConfig(err());
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
    ProviderAgent built = buildAgent();
    try {
      built.start();
    } catch (IOException | LedgerException e) {
      throw new CliException(
          ExitCodes.FAILED, "the provider agent could not start: " + e.getMessage(), e);
    }
    agent = built;
    out().println(offer.describe(built));
    out().flush();
    Thread hook = new Thread(this::stopAndWait, "edgemarket-provider-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService reports =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "edgemarket-earnings");
              thread.setDaemon(true);
              return thread;
            });
    reports.scheduleAtFixedRate(
        () -> report("so far"), REPORT_SECONDS, REPORT_SECONDS, TimeUnit.SECONDS);
    try {
      stopRequested.await();
    } finally {
      reports.shutdownNow();
      out().println("edgemarket: draining " + built.identity().id() + "...");
      built.close();
      report("in total (receipts still being settled are paid later)");
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook is what woke us.
      }
    }
    return ExitCodes.OK;
  }

  /** The running agent, or null before it has started. */
  ProviderAgent agent() {
    return agent;
  }

  /** Asks {@link #run} to drain the agent and return, as Ctrl-C does. */
  void stop() {
    stopRequested.countDown();
  }

  /** The shutdown hook: the JVM must not exit before the drain has finished. */
  private void stopAndWait() {
    stop();
    try {
      stopped.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void report(String when) {
    ProviderAgent current = agent;
    try {
      out()
          .println(
              "edgemarket: "
                  + current.identity().id()
                  + " earned "
                  + current.earnings()
                  + " "
                  + when);
    } catch (LedgerException | RuntimeException e) {
      out().println("edgemarket: earnings unavailable (" + e.getMessage() + ")");
    }
    out().flush();
  }
}
