package io.edgemarket.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code edgemarket identity ...}: enrollment tokens, enrolling new contributors, and rotating a
 * lost or stolen key.
 */
@Command(
    name = "identity",
    mixinStandardHelpOptions = true,
    description = {
      "Bring new contributors into a market: an admin issues a one-time token ('identity token'),",
      "the contributor turns it into a certificate from the market CA ('identity enroll');",
      "an identity whose key expired or may be stolen gets a new one ('identity rotate')."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED,
    subcommands = {
      IdentityTokenCommand.class,
      IdentityEnrollCommand.class,
      IdentityRotateCommand.class
    })
final class IdentityCommand implements Callable<Integer> {
  @ParentCommand EdgeMarketCli root;
  @Spec CommandSpec spec;

  /** {@code edgemarket identity} alone is a usage error that lists the subcommands. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
