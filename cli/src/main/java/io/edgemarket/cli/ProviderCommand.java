package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket provider ...}: run a provider agent that sells this machine's capacity. */
@Command(
    name = "provider",
    mixinStandardHelpOptions = true,
    description = {
      "Sell this machine's idle capacity on a market (see 'provider start --help').",
      "Get a provider identity first with 'identity enroll'."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = ProviderStartCommand.class)
final class ProviderCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;

  /** {@code edgemarket provider} alone is a usage error that lists the subcommands. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
