package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket trigger route ...}: HTTP routes to your functions. */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    description = "HTTP routes to your functions (see 'trigger route create --help').",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {TriggerRouteCreateCommand.class})
final class TriggerRouteCommand implements Callable<Integer> {
  @ParentCommand TriggerCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
