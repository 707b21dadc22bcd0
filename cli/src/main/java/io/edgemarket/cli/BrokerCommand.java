package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket broker ...}: running a market's broker for contributors on other machines. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description =
        "Run a market's broker for others to reach over the network ('broker start'); agents and"
            + " consumers join it from their own machines.",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {BrokerStartCommand.class})
final class BrokerCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;

  /** {@code edgemarket broker} alone is a usage error that lists the subcommands. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
