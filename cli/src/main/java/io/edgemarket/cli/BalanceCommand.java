package io.edgemarket.cli;

import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.EdgeMarket;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket balance}: the identity's escrow balance, read from the ledger. */
@Command(
    name = "balance",
    mixinStandardHelpOptions = true,
    description = {
      "Print the escrow balance of the --as identity, as the ledger holds it, in minor units.",
      "Invocations not yet settled are not deducted until their batch settles."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class BalanceCommand extends ClientCommand {
  @ParentCommand EdgeMarketCli root;
  @Mixin CommonOptions common;

  @Option(
      names = "--json",
      description = "Print only a JSON object on stdout: {\"account\": ID, \"balance\": N}.")
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
      long balance = client.balance();
      String account = client.identity().id();
      if (json) {
        out()
            .println(
                Json.mapper().createObjectNode().put("account", account).put("balance", balance));
      } else {
        out().println(account + " " + balance);
      }
    }
    return ExitCodes.OK;
  }
}
