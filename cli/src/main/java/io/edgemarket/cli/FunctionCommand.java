package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket function ...}: groups the commands that manage functions. */
@Command(
    name = "function",
    mixinStandardHelpOptions = true,
    description =
        "Manage your functions: deploy, list, show, retire (see 'function COMMAND --help').",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {
      FunctionDeployCommand.class,
      FunctionListCommand.class,
      FunctionShowCommand.class,
      FunctionRetireCommand.class
    })
final class FunctionCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;

  /** {@code edgemarket function} alone is a usage error that lists the subcommands. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
