package io.edgemarket.cli;

import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.EdgeMarket;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket open}: a one-time link that signs a browser in to the web UI. */
@Command(
    name = "open",
    mixinStandardHelpOptions = true,
    description = {
      "Print a one-time link that signs a browser in to the broker's web UI as the --as"
          + " identity, with what its role may see (a provider its earnings, a consumer its"
          + " functions and spend, an auditor the ledger explorer).",
      "No password: the request for the link is signed with the identity's key. The link works"
          + " once, within two minutes; the session it opens lasts eight hours or until signed"
          + " out. Treat it as a password until it is used."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class OpenCommand extends ClientCommand {
  @ParentCommand EdgeMarketCli root;
  @Mixin CommonOptions common;

  @Option(
      names = "--json",
      description = "Print only a JSON object on stdout: {\"url\", \"path\", \"expiresAt\"}.")
  boolean json;

  @Override
  EdgeMarketCli root() {
    return root;
  }

  @Override
  CommonOptions common() {
    return common;
  }

  @Override
  int run() throws Exception {
    try (EdgeMarket client = connect(Duration.ofSeconds(30))) {
      SignInLink link = client.signInLink();
      if (json) {
        out().println(Json.write(link));
      } else {
        out().println(link.url());
        err()
            .println(
                "open it in a browser within two minutes (once) to sign in as "
                    + client.identity().id()
                    + "; it is void after "
                    + Instant.ofEpochMilli(link.expiresAt()));
      }
    }
    return ExitCodes.OK;
  }
}
