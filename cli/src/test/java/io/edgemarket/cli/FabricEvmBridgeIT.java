package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.contracts.TestToken;
import io.edgemarket.cli.market.EvmConfig;
import io.edgemarket.cli.market.FabricRequired;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalBridge;
import io.edgemarket.cli.market.LocalEvm;
import io.edgemarket.ledger.fabric.FabricMarketIdentities;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's whole path on the real two-organisation Fabric network, with what {@code up --ledger
 * fabric --evm} runs: the bridge participant enrolled by the consumers' organisation with role
 * {@code bridge} (bound there by the market's governance), a deposit on anvil credited on the
 * Fabric ledger and spent on invocations, a provider (of the providers' organisation) paid a
 * withdrawal at its address on anvil, and {@code audit} through the auditor's peer finding every
 * anchored root matching. The channel holds one bridge's anchors: scripts/test-all.sh gives the
 * build a fresh channel, and elsewhere a channel another bridge used skips this class, loudly.
 */
class FabricEvmBridgeIT {
  @TempDir Path dir;

  @BeforeAll
  static void requireNetwork() {
    FabricRequired.network("FabricEvmBridgeIT");
  }

  @Test
  void aDepositOnAnvilIsSpentOnFabricAndAProviderIsPaidBackOnAnvil() throws Exception {
    EvmMarket started;
    try {
      started = EvmMarket.start(dir.resolve("market"), LedgerKind.FABRIC);
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().contains("one ledger serves one bridge")) {
        FabricRequired.skipOrFail("FabricEvmBridgeIT", e.getMessage());
      }
      throw e;
    }
    try (EvmMarket evm = started;
        LocalBridge bridge = LocalBridge.start(evm.market, evm.chain)) {
      Identity bridgeId = evm.chain.bridge();
      assertEquals(Role.BRIDGE, bridgeId.role());
      assertEquals(FabricMarketIdentities.CONSUMERS_MSP, bridgeId.mspId());
      Records.Governance governance =
          Json.read(evm.auditor.evaluate(Transactions.GET_GOVERNANCE), Records.Governance.class);
      assertEquals(
          List.of(FabricMarketIdentities.CONSUMERS_MSP),
          governance.roles().get("bridge"),
          governance::toString);

      EvmConfig config = evm.chain.config();
      String consumer = evm.market.dir().identity("consumer").id();
      long before = evm.ledgerBalance(consumer);
      Cli deposit = evm.cli("account", "deposit", "--amount", "2000", "--json");
      assertEquals(0, deposit.exitCode(), deposit::toString);
      JsonNode deposited = Json.tree(deposit.out());
      assertEquals(before + 2000, deposited.get("ledgerBalance").asLong(), deposit::toString);
      assertEquals(LocalEvm.INITIAL_TOKENS - 2000, deposited.get("chainBalance").asLong());
      assertEquals(before + 2000, evm.ledgerBalance(consumer), "credited once");

      // Spent: the settled calls are paid out of the escrow the deposit raised.
      List<Records.BatchSummary> batches = evm.settleSomeCalls(3);
      long spent = before + 2000 - evm.ledgerBalance(consumer);
      assertTrue(spent > 0, "nothing charged for 3 calls");

      String provider = evm.market.dir().identity("provider-1").id();
      assertTrue(provider.endsWith("@" + FabricMarketIdentities.PROVIDERS_MSP), provider);
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
      assertEquals(evm.ledgerBalance(provider), withdrawal.get("ledgerBalance").asLong());

      // The channel may hold other markets' earlier batches, which the bridge does not anchor:
      // it anchors from the latest settled batch on. Ours, settled last, is anchored.
      long ours = batches.get(batches.size() - 1).settledAt();
      List<BridgeRecords.Anchor> anchors =
          Await.until(
              "the batch of the calls anchored",
              () -> anchors(evm),
              a -> a.stream().anyMatch(x -> x.batchSettledAt() >= ours));
      Cli audit = evm.cli("audit");
      assertEquals(0, audit.exitCode(), audit::toString);
      assertTrue(audit.stderr().contains("auditing the Fabric ledger"), audit::toString);
      int recorded = anchors(evm).size();
      assertTrue(recorded >= anchors.size(), anchors::toString);
      assertTrue(audit.out().contains("anchors: " + recorded + " anchors match"), audit::toString);
    }
  }

  private static List<BridgeRecords.Anchor> anchors(EvmMarket evm) throws Exception {
    Records.Page<BridgeRecords.Anchor> page =
        Records.page(
            evm.auditor.evaluate(Transactions.LIST_ANCHORS, "1000", ""),
            BridgeRecords.Anchor.class);
    return page.records() == null ? List.of() : page.records();
  }
}
