package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket trigger cron ...}: schedules of your functions. */
@Command(
    name = "cron",
    mixinStandardHelpOptions = true,
    description = "Schedules that run your functions (see 'trigger cron create --help').",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {TriggerCronCreateCommand.class})
final class TriggerCronCommand implements Callable<Integer> {
  @ParentCommand TriggerCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
