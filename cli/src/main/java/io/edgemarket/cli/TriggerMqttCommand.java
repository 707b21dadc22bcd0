package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket trigger mqtt ...}: MQTT topics that run your functions. */
@Command(
    name = "mqtt",
    mixinStandardHelpOptions = true,
    description =
        "MQTT topics whose messages run your functions (see 'trigger mqtt create --help').",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {TriggerMqttCreateCommand.class})
final class TriggerMqttCommand implements Callable<Integer> {
  @ParentCommand TriggerCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
