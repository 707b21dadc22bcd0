package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket trigger chain ...}: functions run after other functions. */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = "Run a function on the output of another (see 'trigger chain create --help').",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {TriggerChainCreateCommand.class})
final class TriggerChainCommand implements Callable<Integer> {
  @ParentCommand TriggerCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
