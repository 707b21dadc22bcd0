package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket receipt ...}: one settled receipt, shown or verified from the ledger. */
@Command(
    name = "receipt",
    mixinStandardHelpOptions = true,
    description =
        "One settled receipt from the ledger: show it, or verify it step by step (see 'receipt"
            + " COMMAND --help').",
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {ReceiptShowCommand.class, ReceiptVerifyCommand.class})
final class ReceiptCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;

  /** {@code edgemarket receipt} alone is a usage error that lists the subcommands. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
