package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.contracts.TestToken;
import io.edgemarket.cli.market.EvmConfig;
import io.edgemarket.cli.market.LocalBridge;
import io.edgemarket.cli.market.LocalEvm;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's whole path on what {@code up --evm} runs, the bridge service included: the consumer
 * deposits tokens and the ledger credits them; calls settle and the provider withdraws part of its
 * earnings, paid to its address on the chain; the consumer's own withdrawal waits, its payable time
 * printed; every settled batch's root is anchored and {@code audit} finds every anchor matching.
 */
class EvmBridgeIT {
  @TempDir Path dir;

  @Test
  void depositCreditedWithdrawalPaidAndEveryAnchorMatches() throws Exception {
    try (EvmMarket evm = EvmMarket.start(dir.resolve("market"));
        LocalBridge bridge = LocalBridge.start(evm.market, evm.chain)) {
      EvmConfig config = evm.chain.config();
      String consumer = evm.market.dir().identity("consumer").id();
      long before = evm.ledgerBalance(consumer);

      Cli deposit = evm.cli("account", "deposit", "--amount", "2000", "--json");
      assertEquals(0, deposit.exitCode(), deposit::toString);
      JsonNode deposited = Json.tree(deposit.out());
      assertEquals(before + 2000, deposited.get("ledgerBalance").asLong(), deposit::toString);
      assertEquals(LocalEvm.INITIAL_TOKENS - 2000, deposited.get("chainBalance").asLong());
      assertEquals(before + 2000, evm.ledgerBalance(consumer), "credited once");

      evm.settleSomeCalls(3);
      String provider = evm.market.dir().identity("provider-1").id();
      Cli paid = evm.cli("account", "withdraw", "--amount", "50", "--as", "provider-1", "--json");
      assertEquals(0, paid.exitCode(), paid::toString);
      JsonNode withdrawal = Json.tree(paid.out());
      assertEquals(
          BridgeRecords.Withdrawal.PAID, withdrawal.get("status").asText(), paid::toString);
      assertTrue(withdrawal.get("paidTxHash").asText().startsWith("0x"), paid::toString);
      String providerAddress = config.keys().get("provider-1").address();
      assertEquals(providerAddress.toLowerCase(), withdrawal.get("toAddress").asText());
      try (EvmChain chain = evm.bridgeChain()) {
        TestToken token =
            TestToken.load(config.token(), chain.web3j(), chain.transactions(), chain.gas());
        assertEquals(BigInteger.valueOf(50), token.balanceOf(providerAddress).send());
      }
      assertEquals(50, withdrawal.get("chainBalance").asLong(), paid::toString);
      assertEquals(evm.ledgerBalance(provider), withdrawal.get("ledgerBalance").asLong());

      Cli waits = evm.cli("account", "withdraw", "--amount", "100");
      assertEquals(0, waits.exitCode(), waits::toString);
      assertTrue(waits.out().contains("WAITING, payable from "), waits::toString);
      assertTrue(waits.stderr().contains("WAITING until "), waits::toString);

      int batches = evm.batches().size();
      Await.until("every settled batch anchored", () -> anchors(evm) >= batches);
      Cli audit = evm.cli("audit");
      assertEquals(0, audit.exitCode(), audit::toString);
      assertTrue(audit.out().contains("anchors: " + batches + " anchors match"), audit::toString);
    }
  }

  private static int anchors(EvmMarket evm) throws Exception {
    Records.Page<BridgeRecords.Anchor> page =
        Records.page(
            evm.auditor.evaluate(Transactions.LIST_ANCHORS, "1000", ""),
            BridgeRecords.Anchor.class);
    return page.records() == null ? 0 : page.records().size();
  }
}
