package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket trigger ...}: runs of your functions that nobody signs a ticket for. */
@Command(
    name = "trigger",
    mixinStandardHelpOptions = true,
    description = {
      "Let something other than you start your functions, paid from your escrow within limits you"
          + " sign once (a grant on the ledger, docs/triggers.md): 'trigger route create' opens an"
          + " HTTP route that devices which are no market participants call with a key;"
          + " 'trigger cron create' runs a function on a schedule; 'trigger mqtt create' on each"
          + " message of an MQTT topic; 'trigger chain create' after another's run, on its output;"
          + " 'trigger list' shows your grants; 'trigger revoke' ends one at once.",
      "See 'trigger COMMAND --help'."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {
      TriggerRouteCommand.class,
      TriggerCronCommand.class,
      TriggerChainCommand.class,
      TriggerMqttCommand.class,
      TriggerListCommand.class,
      TriggerRevokeCommand.class
    })
final class TriggerCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
