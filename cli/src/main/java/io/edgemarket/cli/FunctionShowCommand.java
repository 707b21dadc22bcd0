package io.edgemarket.cli;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.FunctionDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket function show NAME}: one function, its terms and its versions. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Show one function as the ledger holds it: its latest registration (code digest, runtime,"
          + " trust level, limits, price ceiling) and every version it has had, one per code it"
          + " was registered with, oldest first, each with the terms its runs settle by.",
      "Exit code 2 when the ledger has no such function."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class FunctionShowCommand extends ClientCommand {
  @ParentCommand FunctionCommand parent;
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "NAME",
      description = "One of your functions' names, or a full function id (owner/name).")
  String name;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object on stdout: the fields of 'function list --json', the latest"
              + " terms (samplePpm, minStake, memoryLimitBytes, timeoutMs, maxPricePerInvocation,"
              + " maxFuel) and versionHistory, one object per version with its digest and terms.")
  boolean json;

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
    FunctionDetails details;
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      details = client.function(name);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    if (json) {
      out().println(FunctionJson.detail(details).toPrettyString());
      return ExitCodes.OK;
    }
    FunctionSpec spec = details.function();
    List<FunctionSpec> versions = details.versions();
    out().printf("function    %s%n", spec.functionId());
    out().printf("version     %d of %d%n", FunctionJson.version(details), versions.size());
    out().printf("digest      %s%n", spec.digest());
    out().printf("runtime     %s%n", spec.runtime());
    out().printf("trust       %s%n", FunctionDeployCommand.trustText(spec));
    out().printf("memory      %d bytes%n", spec.memoryLimitBytes());
    out().printf("timeout     %d ms%n", spec.timeoutMs());
    out().printf("max price   %d%n", spec.maxPricePerInvocation());
    out().printf("max fuel    %s%n", spec.maxFuel() == null ? "none" : spec.maxFuel());
    out().printf("registered  %s%n", Instant.ofEpochMilli(spec.registeredAt()));
    out()
        .printf(
            "status      %s%n",
            spec.retired()
                ? "retired at " + Instant.ofEpochMilli(spec.retiredAt())
                : FunctionJson.status(spec));
    out().println("versions:");
    for (int i = 0; i < versions.size(); i++) {
      FunctionSpec version = versions.get(i);
      out()
          .printf(
              "  %d  %s  %s  %s%n",
              i + 1,
              version.digest(),
              Instant.ofEpochMilli(version.registeredAt()),
              FunctionDeployCommand.trustText(version));
    }
    return ExitCodes.OK;
  }
}
