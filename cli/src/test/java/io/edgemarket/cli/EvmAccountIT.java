package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.contracts.TestToken;
import io.edgemarket.cli.market.EvmConfig;
import io.edgemarket.cli.market.LocalEvm;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

/**
 * Issue 14's chain side of {@code up --evm} and the CLI, with no bridge service: what {@code up
 * --evm} writes, a deposit made on the chain (and, with nobody crediting it, the clear timeout),
 * the node down, and {@code audit} checking anchored roots, one of them tampered with: here the
 * test plays the bridge, anchoring with the bridge key and recording the anchors on the ledger.
 */
class EvmAccountIT {
  @TempDir Path dir;

  @Test
  void upWritesWhatTheAccountCommandsNeedAndAuditFindsATamperedAnchor() throws Exception {
    try (EvmMarket evm = EvmMarket.start(dir.resolve("market"))) {
      EvmConfig config = EvmConfig.read(evm.market.dir()).orElseThrow();
      assertEquals(evm.anvil.url(), config.rpcUrl());
      assertEquals(Set.of("consumer", "provider-1"), config.keys().keySet());
      Path bridgeKey = evm.data.resolve("evm/bridge.key");
      assertEquals(
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(bridgeKey));
      String consumerAddress = config.keys().get("consumer").address();

      Cli balance = evm.cli("account", "balance", "--json");
      assertEquals(0, balance.exitCode(), balance::toString);
      JsonNode before = Json.tree(balance.out());
      assertEquals(LocalEvm.INITIAL_TOKENS, before.get("chainBalance").asLong(), balance::toString);
      assertEquals(consumerAddress, before.get("chainAddress").asText());

      // Nobody credits it here (no bridge service): on chain it is done, the wait times out.
      Cli deposit = evm.cli("account", "deposit", "--amount", "1500", "--timeout", "3s");
      assertEquals(ExitCodes.FAILED, deposit.exitCode(), deposit::toString);
      assertTrue(deposit.stderr().contains("is the market's bridge running?"), deposit::toString);
      assertTrue(deposit.stderr().contains("deposited in tx 0x"), deposit::toString);
      try (EvmChain bridge = evm.bridgeChain()) {
        TestToken token =
            TestToken.load(config.token(), bridge.web3j(), bridge.transactions(), bridge.gas());
        assertEquals(BigInteger.valueOf(1500), token.balanceOf(config.escrow()).send());
        assertEquals(
            BigInteger.valueOf(LocalEvm.INITIAL_TOKENS - 1500),
            token.balanceOf(consumerAddress).send());
      }

      Cli tooMuch =
          evm.cli("account", "deposit", "--amount", Long.toString(LocalEvm.INITIAL_TOKENS));
      assertEquals(ExitCodes.FAILED, tooMuch.exitCode(), tooMuch::toString);
      assertTrue(tooMuch.stderr().contains("insufficient tokens"), tooMuch::toString);

      Cli down = evm.cli("account", "deposit", "--amount", "5", "--rpc", "http://127.0.0.1:1");
      assertEquals(ExitCodes.FAILED, down.exitCode(), down::toString);
      assertTrue(
          down.stderr().contains("cannot reach the chain node at http://127.0.0.1:1"),
          down::toString);

      Cli noAnchors = evm.cli("audit");
      assertEquals(0, noAnchors.exitCode(), noAnchors::toString);
      assertTrue(noAnchors.out().contains("anchors: 0 anchors match"), noAnchors::toString);

      // The test plays the bridge: the first batch anchored honestly, the second with another root.
      LedgerGateway bridgeLedger = evm.market.ledgerAs(evm.chain.bridge());
      Records.BatchSummary first = evm.settleSomeCalls(2).get(0);
      anchor(evm, bridgeLedger, 1, first, first.merkleRoot());
      Cli honest = evm.cli("audit");
      assertEquals(0, honest.exitCode(), honest::toString);
      assertTrue(honest.out().contains("anchors: 1 anchors match"), honest::toString);

      List<Records.BatchSummary> batches = evm.settleSomeCalls(2);
      Records.BatchSummary second = batches.get(batches.size() - 1);
      anchor(evm, bridgeLedger, 2, second, "ab".repeat(32));
      Cli tampered = evm.cli("audit", "--json");
      assertEquals(ExitCodes.FUNCTION_ERROR, tampered.exitCode(), tampered::toString);
      JsonNode report = Json.tree(tampered.out());
      assertEquals(false, report.get("ok").asBoolean());
      assertEquals(1, report.get("anchors").get("matched").asInt(), tampered::toString);
      assertEquals(2, report.get("anchors").get("mismatch").get("sequence").asLong());
      assertEquals(second.batchId(), report.get("anchors").get("mismatch").get("batchId").asText());
      Cli text = evm.cli("audit");
      assertTrue(text.out().contains("anchors: MISMATCH at anchor 2 of 2"), text::toString);
    }
  }

  /**
   * Anchors {@code chainRoot} at {@code height} with the bridge key, then records the anchor of
   * {@code batch} (with its own root: the ledger accepts no other) under that transaction.
   */
  private static void anchor(
      EvmMarket evm,
      LedgerGateway bridge,
      long height,
      Records.BatchSummary batch,
      String chainRoot)
      throws Exception {
    try (EvmChain chain = evm.bridgeChain()) {
      String tx =
          chain
              .escrow(EvmConfig.read(evm.market.dir()).orElseThrow().escrow())
              .anchor(BigInteger.valueOf(height), Numeric.hexStringToByteArray(chainRoot))
              .send()
              .getTransactionHash();
      bridge.submit(Transactions.RECORD_ANCHOR, batch.batchId(), batch.merkleRoot(), tx);
    }
  }
}
