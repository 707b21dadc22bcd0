package io.edgemarket.cli;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.sdk.Bridge;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code edgemarket account deposit --amount N}: approves and deposits N of the escrow's token on
 * the chain for the identity's market account, then waits until the bridge credits it on the ledger
 * (after the confirmations it waits for).
 */
@Command(
    name = "deposit",
    mixinStandardHelpOptions = true,
    description = {
      "Deposit N of the market's token from the --as identity's chain key into the market's"
          + " escrow for its market account, then wait until the bridge credits it on the ledger.",
      "Progress on stderr; the deposit's transaction and both balances on stdout. Exit codes: 0"
          + " credited, 2 refused on chain (too few tokens), the chain unreachable or not credited"
          + " within --timeout, 3 bad usage (no DIR/evm.json and no --rpc/--escrow/--key)."
    },
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.FAILED)
final class AccountDepositCommand extends ClientCommand {
  @ParentCommand AccountCommand parent;
  @Mixin CommonOptions common;
  @Mixin EvmOptions evm;

  @Option(
      names = "--amount",
      paramLabel = "N",
      required = true,
      description = "How much to deposit, in minor units (1 unit of the market is 1 of the token).")
  long amount;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = Units.DurationConverter.class,
      description =
          "How long to wait for the bridge to credit the deposit on the ledger (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--json",
      description =
          "Print only a JSON object on stdout: {account, amount, txHash, blockNumber, eventId,"
              + " ledgerBalance, chainAddress, chainBalance}.")
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
    EvmOptions.EvmTarget target = evm.requireTarget(market(), "account deposit");
    var keyFile = evm.keyFile(market(), common.identityName());
    BigInteger wanted = BigInteger.valueOf(amount);
    Identity me = identity(common.identityName());
    try (LedgerGateway gateway = ledgerAs(me);
        EvmAccount chain = EvmAccount.keyed(target, keyFile)) {
      Bridge bridge = Bridge.of(gateway);
      String account = me.id();
      long before = bridge.balance();
      BigInteger held = chain.tokenBalance(chain.address(), target);
      if (held.compareTo(wanted) < 0) {
        throw new CliException(
            ExitCodes.FAILED,
            "insufficient tokens: "
                + chain.address()
                + " holds "
                + held
                + " of token "
                + chain.token().getContractAddress()
                + ", the deposit needs "
                + amount);
      }
      String escrow = target.escrow();
      BigInteger allowed =
          EvmAccount.call(target, () -> chain.token().allowance(chain.address(), escrow).send());
      if (allowed.compareTo(wanted) < 0) {
        err().println("edgemarket: approving " + amount + " for the escrow " + escrow);
        EvmAccount.call(target, () -> chain.token().approve(escrow, wanted).send());
      }
      TransactionReceipt receipt =
          EvmAccount.call(target, () -> chain.escrow().deposit(account, wanted).send());
      String eventId = eventId(chain, receipt, escrow);
      long block = receipt.getBlockNumber().longValueExact();
      err()
          .println(
              "edgemarket: deposited in tx "
                  + receipt.getTransactionHash()
                  + " (block "
                  + block
                  + "); waiting for the bridge to credit it on the ledger after its"
                  + " confirmations");
      BridgeRecords.Deposit credited = awaitCredit(bridge, chain, target, eventId, block);
      long after = bridge.balance();
      BigInteger left = chain.tokenBalance(chain.address(), target);
      if (json) {
        out()
            .println(
                Json.mapper()
                    .createObjectNode()
                    .put("account", account)
                    .put("amount", credited.amount())
                    .put("txHash", receipt.getTransactionHash())
                    .put("blockNumber", block)
                    .put("eventId", eventId)
                    .put("ledgerBalance", after)
                    .put("chainAddress", chain.address())
                    .put("chainBalance", left));
      } else {
        out()
            .println(
                "deposited "
                    + credited.amount()
                    + " to "
                    + account
                    + " in tx "
                    + receipt.getTransactionHash()
                    + ", credited on the ledger (was "
                    + before
                    + ")");
        out().println(AccountLines.ledger(account, after));
        out().println(AccountLines.chain(chain.address(), left));
      }
    }
    return ExitCodes.OK;
  }

  /** {@code chainId:txHash:logIndex} of the escrow's Deposited event, as the ledger keys it. */
  private static String eventId(EvmAccount chain, TransactionReceipt receipt, String escrow) {
    for (Log log : receipt.getLogs()) {
      if (log.getAddress().equalsIgnoreCase(escrow)
          && !log.getTopics().isEmpty()
          && log.getTopics()
              .get(0)
              .equalsIgnoreCase(org.web3j.abi.EventEncoder.encode(EdgeEscrow.DEPOSITED_EVENT))) {
        return chain.chainId()
            + ":"
            + receipt.getTransactionHash().toLowerCase(Locale.ROOT)
            + ":"
            + log.getLogIndex();
      }
    }
    throw new CliException(
        ExitCodes.FAILED,
        "tx " + receipt.getTransactionHash() + " emitted no Deposited event of " + escrow);
  }

  private BridgeRecords.Deposit awaitCredit(
      Bridge bridge, EvmAccount chain, EvmOptions.EvmTarget target, String eventId, long block)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (true) {
      Optional<BridgeRecords.Deposit> credited = bridge.deposit(eventId);
      if (credited.isPresent()) {
        return credited.get();
      }
      long now = System.nanoTime();
      if (now > deadline) {
        throw new CliException(
            ExitCodes.FAILED,
            "deposit "
                + eventId
                + " is on the chain but was not credited on the ledger within "
                + timeout.toSeconds()
                + " s"
                + ": is the market's bridge running? It is credited once the bridge sees it"
                + " confirmed; 'account balance' shows it then");
      }
      if (now > nextReport) {
        long confirmations = chain.blockNumber(target) - block + 1;
        err()
            .println(
                "edgemarket: waiting for the bridge: "
                    + confirmations
                    + " confirmation"
                    + (confirmations == 1 ? "" : "s")
                    + ", not credited yet");
        nextReport = now + Duration.ofSeconds(2).toNanos();
      }
      Thread.sleep(250);
    }
  }
}
