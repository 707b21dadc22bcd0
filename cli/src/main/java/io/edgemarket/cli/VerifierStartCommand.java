package io.edgemarket.cli;

import io.edgemarket.agent.Verifier;
import io.edgemarket.agent.VerifierBuilder;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket verifier start}: an independent verifier for a broker anywhere, until Ctrl-C or
 * SIGTERM. It announces itself to the broker, which sends it the sampled invocations of {@code
 * reexecute} functions; a provider it finds wrong it takes to the ledger as a dispute.
 */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Run a verifier with the auditor identity DIR/identities/NAME (from 'identity enroll') and"
          + " the market CA in DIR/ca-cert.pem: it re-executes the sampled invocations of"
          + " functions deployed with --trust reexecute in the same deterministic Wasm sandbox as"
          + " the agents, and opens and resolves a dispute on the ledger when a provider's output"
          + " was wrong, which slashes that provider's stake to the consumer.",
      "Prints where it listens; Ctrl-C or SIGTERM stops it."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class VerifierStartCommand extends ClientCommand {
  @ParentCommand VerifierCommand parent;
  @Mixin ContributorOptions options;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      defaultValue = "verifier",
      description = "The auditor identity: DIR/identities/NAME (default: ${DEFAULT-VALUE}).")
  String as = "verifier";

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Address to listen on and advertise to the broker (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "0",
      description = "Port the broker calls; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--workers",
      paramLabel = "N",
      defaultValue = "2",
      description = "Re-executions at once (default: ${DEFAULT-VALUE}).")
  int workers;

  private final CountDownLatch stopRequested = new CountDownLatch(1);

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    return options.common(as);
  }

  @Override
  int run() throws InterruptedException {
    var identity = identity(common().identityName());
    TrustRoots roots = trustRootsOrNull();
    if (roots == null) {
      throw CliException.usage(
          "no "
              + market().caCertificateFile()
              + ": enroll first with ./edgemarket identity enroll");
    }
    Verifier verifier;
    try {
      VerifierBuilder builder =
          Verifier.builder()
              .broker(common().broker())
              .identity(identity)
              .trustRoots(roots)
              .dataDir(market().agentData(common().identityName()))
              .bindHost(host)
              .port(port)
              .workers(workers);
      LedgerGateway ledger = fabricLedgerOrNull(identity);
      if (ledger != null) {
        builder.ledger(ledger);
      }
      verifier = builder.build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    try {
      verifier.start();
    } catch (LedgerException | RuntimeException e) {
      verifier.close();
      throw new CliException(
          ExitCodes.FAILED, "the verifier could not start: " + e.getMessage(), e);
    }
    out().println(identity.id() + " verifies re-executed invocations on " + verifier.url());
    out().flush();
    Thread hook = new Thread(stopRequested::countDown, "edgemarket-verifier-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopRequested.await();
    } finally {
      verifier.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook is what woke us.
      }
    }
    return ExitCodes.OK;
  }

  /** Asks {@link #run} to stop, as Ctrl-C does. */
  void stop() {
    stopRequested.countDown();
  }
}
