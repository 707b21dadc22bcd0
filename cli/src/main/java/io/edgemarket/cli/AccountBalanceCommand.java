package io.edgemarket.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.sdk.Bridge;
import java.math.BigInteger;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code edgemarket account balance}: the identity's money on the ledger and on the chain. */
@Command(
    name = "balance",
    mixinStandardHelpOptions = true,
    description = {
      "Print the --as identity's balance on the ledger and, when its chain address is known (DIR/"
          + "evm.json or --key), the market token it holds on the chain, in minor units.",
      "Without DIR/evm.json and --rpc/--escrow, only the ledger line."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class AccountBalanceCommand extends ClientCommand {
  @ParentCommand AccountCommand parent;
  @Mixin CommonOptions common;
  @Mixin EvmOptions evm;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object on stdout: {account, ledgerBalance, chainAddress,"
              + " chainBalance}.")
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
    String name = common.identityName();
    Optional<EvmOptions.EvmTarget> target = evm.target(market());
    Identity me = identity(common.identityName());
    try (LedgerGateway gateway = ledgerAs(me)) {
      Bridge bridge = Bridge.of(gateway);
      long ledger = bridge.balance();
      String account = me.id();
      String address = null;
      BigInteger onChain = null;
      if (target.isPresent()) {
        try (EvmAccount chain =
            evm.key != null
                ? EvmAccount.keyed(target.get(), evm.key)
                : EvmAccount.readOnly(target.get())) {
          address = evm.key != null ? chain.address() : evm.addressOf(market(), name).orElse(null);
          if (address != null) {
            onChain = chain.tokenBalance(address, target.get());
          }
        }
      }
      if (json) {
        ObjectNode node =
            Json.mapper().createObjectNode().put("account", account).put("ledgerBalance", ledger);
        if (address != null) {
          node.put("chainAddress", address).put("chainBalance", onChain);
        }
        out().println(node);
      } else {
        out().println(AccountLines.ledger(account, ledger));
        if (address != null) {
          out().println(AccountLines.chain(address, onChain));
        }
      }
    }
    if (target.isEmpty() && !json) {
      err().println("edgemarket: no chain in " + market().root() + " (" + EvmOptions.HOW + ")");
    }
    return ExitCodes.OK;
  }
}
