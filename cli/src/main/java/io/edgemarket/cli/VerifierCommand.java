package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code edgemarket verifier ...}: run an independent verifier for reexecute functions. */
@Command(
    name = "verifier",
    mixinStandardHelpOptions = true,
    description = {
      "Re-execute sampled invocations of functions deployed with --trust reexecute, as an"
          + " independent auditor (see 'verifier start --help').",
      "Get an auditor identity first with 'identity enroll'."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = VerifierStartCommand.class)
final class VerifierCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;

  /** {@code edgemarket verifier} alone is a usage error that lists the subcommands. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
