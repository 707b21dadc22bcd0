package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.Anchor;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.BatchSummary;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.SettlementResult;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Settlement roots anchored on chain (SECURITY.md row 30), and the books of a market whose money
 * comes and goes through the bridge, on the embedded ledger's real stub.
 */
class BridgeAnchorsTest {
  private final Market market = new Market().trading();
  private final Bridging bridging = new Bridging(market);
  private final BridgeContract contract = bridging.contract;

  private String settle(String batchId, String invocationId) {
    return Market.read(
            market.settle(batchId, market.receipt(invocationId, 0)), SettlementResult.class)
        .merkleRoot();
  }

  private Anchor anchor(String batchId, String root, int hash) {
    return Json.read(
        market.submit(
            bridging.bridge, ctx -> contract.recordAnchor(ctx, batchId, root, Bridging.hash(hash))),
        Anchor.class);
  }

  @Test
  void onlyTheLedgersRootOfABatchIsAnchoredOnceAndInSettlementOrder() {
    bridging.deposit(1, market.consumer, 1_000_000);
    String early = settle("batch-early", "inv-1");
    String root = settle("batch-1", "inv-2");
    String later = settle("batch-2", "inv-3");
    market.fails(
        ErrorCodes.MERKLE_MISMATCH,
        bridging.bridge,
        ctx -> contract.recordAnchor(ctx, "batch-1", later, Bridging.hash(1)));
    market.fails(
        ErrorCodes.NOT_FOUND,
        bridging.bridge,
        ctx -> contract.recordAnchor(ctx, "batch-9", root, Bridging.hash(1)));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.broker,
        ctx -> contract.recordAnchor(ctx, "batch-1", root, Bridging.hash(1)));
    // The root as a chain shows it (0x, any case) is the same root.
    Anchor first = anchor("batch-1", "0x" + root.toUpperCase(Locale.ROOT), 1);
    assertEquals(1, first.sequence());
    assertEquals(root, first.merkleRoot());
    assertEquals(first, anchor("batch-1", root, 1));
    market.fails(
        ErrorCodes.CONFLICT,
        bridging.bridge,
        ctx -> contract.recordAnchor(ctx, "batch-1", root, Bridging.hash(2)));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        bridging.bridge,
        ctx -> contract.recordAnchor(ctx, "batch-early", early, Bridging.hash(3)));
    Anchor second = anchor("batch-2", later, 4);
    assertEquals(2, second.sequence());
    Page<Anchor> anchors =
        Json.read(
            market.evaluate(market.consumer, ctx -> contract.listAnchors(ctx, "", "")),
            new TypeReference<Page<Anchor>>() {});
    assertEquals(List.of(first, second), anchors.records());
  }

  @Test
  void theBridgeListsSettledBatchesToChooseWhatToAnchorAndAConsumerDoesNot() {
    bridging.deposit(1, market.consumer, 1_000_000);
    String root = settle("batch-listed", "inv-listed");
    Page<BatchSummary> batches =
        Json.read(
            market.evaluate(bridging.bridge, ctx -> new AuditContract().listBatches(ctx, "", "")),
            new TypeReference<Page<BatchSummary>>() {});
    assertEquals(
        List.of("batch-listed"), batches.records().stream().map(b -> b.batchId()).toList());
    assertEquals(root, batches.records().get(0).merkleRoot());
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> new AuditContract().listBatches(ctx, "", ""));
    // Listing is all it may: the receipts of a batch stay the overseers'.
    market.fails(
        ErrorCodes.FORBIDDEN,
        bridging.bridge,
        ctx -> new AuditContract().getBatch(ctx, "batch-listed"));
  }

  @Test
  void balancesSumToZeroThroughDepositsIssuanceSettlementAndWithdrawals() {
    bridging.deposit(10, market.consumer, 1_000_000);
    bridging.deposit(11, market.provider2, 5_000);
    market.fund(market.consumer2, 7_000);
    settle("batch-a", "inv-a");
    settle("batch-b", "inv-b");
    long earned = market.balance(market.provider);
    Withdrawal out = bridging.withdraw(market.provider, earned);
    bridging.withdraw(market.provider2, 2_000);
    bridging.markPaid(out.withdrawalId(), 12);
    bridging.deposit(10, market.consumer, 1_000_000); // redelivered: nothing more
    assertEquals(0, market.balance(market.provider));
    assertEquals(3_000, market.balance(market.provider2));
    long held = 1_005_000 - earned - 2_000;
    assertEquals(held, bridging.state().outstanding());
    assertEquals(-held, market.balance(Bridging.clearing()));
    assertEquals(0, market.totalOfAllBalances());
  }
}
