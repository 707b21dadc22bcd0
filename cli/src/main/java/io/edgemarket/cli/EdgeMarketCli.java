package io.edgemarket.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code edgemarket} command. The client subcommands reach the standard streams through this
 * object rather than through {@link System}, so tests run them in-process and see exactly the bytes
 * a user's script would.
 */
@Command(
    name = "edgemarket",
    mixinStandardHelpOptions = true,
    version = "edgemarket 0.1.0",
    description = "A marketplace for serverless edge compute, settled per invocation on a ledger.",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {
      UpCommand.class,
      BrokerCommand.class,
      DemoCommand.class,
      FunctionCommand.class,
      InvokeCommand.class,
      BalanceCommand.class,
      AuditCommand.class,
      IdentityCommand.class,
      ProviderCommand.class,
      VerifierCommand.class,
    })
public final class EdgeMarketCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  final PrintStream out;
  final PrintStream err;
  final InputStream in;

  public EdgeMarketCli() {
    this(System.out, System.err, System.in);
  }

  /** For tests and embedding: explicit standard streams. */
  public EdgeMarketCli(PrintStream out, PrintStream err, InputStream in) {
    this.out = out;
    this.err = err;
    this.in = in;
  }

  public static void main(String[] args) {
    ArchiveTraining.preloadIfRecording();
    System.exit(new CommandLine(new EdgeMarketCli()).execute(args));
  }

  /** {@code edgemarket} alone is a usage error: say which commands there are. */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
