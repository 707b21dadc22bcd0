package io.edgemarket.cli;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.sdk.EdgeMarket;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket function retire NAME}: stop a function taking new invocations. */
@Command(
    name = "retire",
    mixinStandardHelpOptions = true,
    description = {
      "Retire one of your functions on the ledger (functions:RetireFunction): the broker refuses"
          + " new invocations of it with FUNCTION_RETIRED (HTTP 410) within 5 seconds, while"
          + " invocations already running finish and settle. Only the function's owner may retire"
          + " it. Deploying the name again makes it live.",
      "Prints '<function id> retired at <time>' on stdout. Exit code 2 when the ledger refuses:"
          + " NOT_FOUND (no such function), FORBIDDEN (not yours) or FUNCTION_RETIRED (already"
          + " retired)."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class FunctionRetireCommand extends ClientCommand {
  @ParentCommand FunctionCommand parent;
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "NAME",
      description = "One of your functions' names, or its full function id (owner/name).")
  String name;

  @Override
  EdgeMarketCli root() {
    return parent.root;
  }

  @Override
  CommonOptions common() {
    return common;
  }

  @Override
  int run() throws Exception {
    FunctionSpec retired;
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      retired = client.retire(name);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    out()
        .println(retired.functionId() + " retired at " + Instant.ofEpochMilli(retired.retiredAt()));
    err()
        .println(
            "edgemarket: new invocations of "
                + retired.name()
                + " are refused (FUNCTION_RETIRED); those already running finish and settle");
    return ExitCodes.OK;
  }
}
