package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket account ...}: money in and out of the market through its EVM bridge. */
@Command(
    name = "account",
    mixinStandardHelpOptions = true,
    description =
        "Money in and out of the market through its EVM bridge: deposit tokens on the chain,"
            + " withdraw to an address, balances on both sides (see 'account COMMAND --help').",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {
      AccountDepositCommand.class,
      AccountWithdrawCommand.class,
      AccountBalanceCommand.class
    })
final class AccountCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;

  /** {@code edgemarket account} alone is a usage error that lists the subcommands. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
