package io.edgemarket.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    exitCodeOnExecutionException = ExitCodes.FAILED)
public final class EdgeMarketCli implements Callable<Integer> {
  /**
   * The subcommands, by the name each one's {@code @Command} gives it. Registered programmatically
   * (not in the annotation) so that a run of one command builds only its model: picocli reflects
   * over every option of every command it registers, about 200 ms for all of them at each start.
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

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
    System.exit(commandLine(new EdgeMarketCli(), args).execute(args));
  }

  /** The whole command line, every subcommand registered (help, tests, completion). */
  public static CommandLine commandLine(EdgeMarketCli root) {
    return commandLine(root, new String[0]);
  }

  /**
   * The command line for these arguments: when the first one names a subcommand, only that one is
   * registered (its usage, errors and behaviour are the same); {@code --version} alone needs none;
   * otherwise every one, so that the root's help lists them all and a mistyped name gets picocli's
   * suggestions.
   */
  static CommandLine commandLine(EdgeMarketCli root, String[] args) {
    CommandLine line = new CommandLine(root);
    if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
      return line;
    }
    Class<?> named = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    for (Map.Entry<String, Class<?>> sub : SUBCOMMANDS.entrySet()) {
      if (named == null || named == sub.getValue()) {
        line.addSubcommand(sub.getKey(), sub.getValue());
      }
    }
    return line;
  }

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> command :
        List.of(
            UpCommand.class,
            BrokerCommand.class,
            DemoCommand.class,
            FunctionCommand.class,
            TriggerCommand.class,
            InvokeCommand.class,
            InvocationsCommand.class,
            ReceiptCommand.class,
            BalanceCommand.class,
            OpenCommand.class,
            AccountCommand.class,
            AuditCommand.class,
            IdentityCommand.class,
            ProviderCommand.class,
            VerifierCommand.class,
            SimulateCommand.class)) {
      byName.put(command.getAnnotation(Command.class).name(), command);
    }
    return byName;
  }

  /** {@code edgemarket} alone is a usage error: say which commands there are. */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
