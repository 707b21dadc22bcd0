package io.edgemarket.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.sdk.Bridge;
import io.edgemarket.sdk.BridgeException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket account withdraw --amount N}: asks the ledger to withdraw N of the identity's
 * balance to a chain address ({@code bridge:RequestWithdrawal}) and waits until the bridge has paid
 * it. A consumer's withdrawal waits first (its escrow backs tickets it signed) until its payable
 * time, which is printed; {@code --wait} keeps waiting through it.
 */
@Command(
    name = "withdraw",
    mixinStandardHelpOptions = true,
    description = {
      "Withdraw N of the --as identity's ledger balance to a chain address (default: its own key's"
          + " address in DIR/evm.json), and wait until the bridge has paid it on the chain.",
      "A provider's withdrawal is paid at once; a consumer's WAITS until its escrow no longer backs"
          + " tickets it signed: the time is printed, and --wait keeps waiting for it. Exit codes:"
          + " 0 paid (or waiting, without --wait), 2 refused (insufficient funds) or not paid"
          + " within --timeout, 3 bad usage."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class AccountWithdrawCommand extends ClientCommand {
  @ParentCommand AccountCommand parent;
  @Mixin CommonOptions common;
  @Mixin EvmOptions evm;

  @Option(
      names = "--amount",
      paramLabel = "N",
      required = true,
      description = "How much to withdraw, in minor units.")
  long amount;

  @Option(
      names = "--to",
      paramLabel = "ADDRESS",
      description = "The chain address to pay (default: the --as identity's key's address).")
  String to;

  @Option(
      names = "--wait",
      description =
          "When the withdrawal must wait (a consumer's), keep waiting until it is payable and"
              + " paid, within --timeout.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = Units.DurationConverter.class,
      description = "How long to wait for the bridge to pay it (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object on stdout: the withdrawal as the ledger holds it, with"
              + " ledgerBalance and chainBalance (of the address paid).")
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
    if (amount <= 0) {
      throw CliException.usage("--amount must be positive, got " + amount);
    }
    EvmOptions.EvmTarget target = evm.requireTarget(market(), "account withdraw");
    String address = recipient();
    Identity me = identity(common.identityName());
    try (LedgerGateway gateway = ledgerAs(me);
        EvmAccount chain = EvmAccount.readOnly(target)) {
      Bridge bridge = Bridge.of(gateway);
      Withdrawal withdrawal;
      try {
        withdrawal = bridge.requestWithdrawal(amount, address, chain.chainId());
      } catch (BridgeException e) {
        if (ErrorCodes.INSUFFICIENT_FUNDS.equals(e.code())) {
          throw new CliException(
              ExitCodes.FAILED,
              "insufficient funds: "
                  + e.getMessage()
                  + " (balance "
                  + bridge.balance()
                  + "; locked stakes cannot leave, nor more than the chain holds for the market)");
        }
        throw e;
      }
      String id = withdrawal.withdrawalId();
      err()
          .println(
              "edgemarket: withdrawal "
                  + id
                  + " of "
                  + amount
                  + " to "
                  + address
                  + ": "
                  + withdrawal.status());
      long deadline = System.nanoTime() + timeout.toNanos();
      if (Withdrawal.WAITING.equals(withdrawal.status())) {
        String when = Instant.ofEpochMilli(withdrawal.payableAt()).toString();
        err()
            .println(
                "edgemarket: withdrawal "
                    + id
                    + " WAITING until "
                    + when
                    + ": a consumer's escrow backs the tickets it signed until then; the bridge"
                    + " releases and pays it from that time");
        if (!await) {
          print(bridge, me.id(), chain, target, withdrawal);
          return ExitCodes.OK;
        }
      }
      withdrawal = awaitPaid(bridge, withdrawal, deadline);
      print(bridge, me.id(), chain, target, withdrawal);
    }
    return ExitCodes.OK;
  }

  private String recipient() {
    if (to != null) {
      if (!to.matches("0x[0-9a-fA-F]{40}")) {
        throw CliException.usage("--to must be an address (0x and 40 hex digits): " + to);
      }
      return to;
    }
    if (evm.key != null) {
      try {
        return io.edgemarket.cli.market.EvmKeys.load(evm.key).getAddress();
      } catch (java.io.IOException e) {
        throw CliException.usage("cannot read the chain key: " + e.getMessage());
      }
    }
    return evm.addressOf(market(), common.identityName())
        .orElseThrow(
            () ->
                CliException.usage(
                    "no chain address for identity '"
                        + common.identityName()
                        + "' in DIR/evm.json: pass --to ADDRESS"));
  }

  /** Polls the ledger until PAID, releasing a WAITING one of ours once it is payable. */
  private Withdrawal awaitPaid(Bridge bridge, Withdrawal withdrawal, long deadline)
      throws Exception {
    String id = withdrawal.withdrawalId();
    String seen = withdrawal.status();
    while (!Withdrawal.PAID.equals(withdrawal.status())) {
      if (System.nanoTime() > deadline) {
        throw new CliException(
            ExitCodes.FAILED,
            "withdrawal "
                + id
                + " is "
                + withdrawal.status()
                + " on the ledger, not paid within "
                + timeout.toSeconds()
                + " s: is the market's bridge running? 'account balance' shows it once paid");
      }
      Thread.sleep(250);
      if (Withdrawal.WAITING.equals(withdrawal.status())
          && System.currentTimeMillis() >= withdrawal.payableAt()) {
        try {
          withdrawal = bridge.releaseWithdrawal(id);
        } catch (BridgeException e) {
          // TOO_EARLY by the ledger's clock, or the bridge released it first: read it again.
          withdrawal = bridge.withdrawal(id);
        }
      } else {
        withdrawal = bridge.withdrawal(id);
      }
      if (!withdrawal.status().equals(seen)) {
        seen = withdrawal.status();
        err().println("edgemarket: withdrawal " + id + ": " + seen);
      }
    }
    return withdrawal;
  }

  private void print(
      Bridge bridge,
      String account,
      EvmAccount chain,
      EvmOptions.EvmTarget target,
      Withdrawal withdrawal)
      throws Exception {
    long ledger = bridge.balance();
    BigInteger onChain = chain.tokenBalance(withdrawal.toAddress(), target);
    if (json) {
      ObjectNode node = Json.mapper().valueToTree(withdrawal);
      node.put("ledgerBalance", ledger).put("chainBalance", onChain);
      out().println(node);
      return;
    }
    if (Withdrawal.PAID.equals(withdrawal.status())) {
      out()
          .println(
              "withdrew "
                  + withdrawal.amount()
                  + " from "
                  + account
                  + " to "
                  + withdrawal.toAddress()
                  + ": paid in tx "
                  + withdrawal.paidTxHash());
    } else {
      out()
          .println(
              "withdrawal "
                  + withdrawal.withdrawalId()
                  + " of "
                  + withdrawal.amount()
                  + " to "
                  + withdrawal.toAddress()
                  + " WAITING, payable from "
                  + Instant.ofEpochMilli(withdrawal.payableAt()));
    }
    out().println(AccountLines.ledger(account, ledger));
    out().println(AccountLines.chain(withdrawal.toAddress(), onChain));
  }
}
