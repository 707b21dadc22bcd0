package io.edgemarket.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.FunctionDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket function list}: the caller's functions, as the ledger holds them. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the functions the --as identity owns, as registered on the ledger: name, version"
          + " (which of the codes it was registered with is the latest, counting from 1), runtime,"
          + " trust level, status (active, or retired by 'function retire') and the SHA-256 digest"
          + " of the code.",
      "One line per function under a header, sorted by name; nothing but the header when there are"
          + " none."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class FunctionListCommand extends ClientCommand {
  static final String ROW = "%-24s %-7s %-7s %-9s %-7s %s%n";

  @ParentCommand FunctionCommand parent;
  @Mixin CommonOptions common;

  @Option(
      names = "--json",
      description =
          "Print only a JSON array on stdout, one object per function: name, functionId, version,"
              + " versions (how many), digest, runtime, trustLevel, registeredAt (epoch ms), status"
              + " (active or retired), retiredAt (epoch ms, or null).")
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
    List<FunctionDetails> all = new ArrayList<>();
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      for (FunctionSpec spec : client.functions()) {
        all.add(client.function(spec.functionId()));
      }
    }
    all.sort((a, b) -> a.function().name().compareTo(b.function().name()));
    if (json) {
      ArrayNode array = Json.mapper().createArrayNode();
      all.forEach(details -> array.add(FunctionJson.summary(details)));
      out().println(array);
      return ExitCodes.OK;
    }
    out().printf(ROW, "NAME", "VERSION", "RUNTIME", "TRUST", "STATUS", "DIGEST");
    for (FunctionDetails details : all) {
      FunctionSpec spec = details.function();
      out()
          .printf(
              ROW,
              spec.name(),
              FunctionJson.version(details),
              spec.runtime(),
              FunctionJson.trust(spec),
              FunctionJson.status(spec),
              spec.digest());
    }
    return ExitCodes.OK;
  }
}
