package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.BatchSummary;
import io.edgemarket.model.ledger.Records.HistoryEntry;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.testing.InvocationSamples;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditContractTest {
  private final Market market = new Market().trading();

  @Test
  void everySettledReceiptComesWithAProofOfItsBatchRoot() {
    market.fund(market.consumer, 100_000);
    List<Receipt> receipts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      receipts.add(market.receipt("inv-" + i, i * 1000));
    }
    Receipt forged = InvocationSamples.signedBy(market.provider2, market.receipt("forged", 0));
    receipts.add(2, forged);
    market.settle("batch-1", receipts.toArray(Receipt[]::new));
    for (Receipt r : receipts) {
      if (r == forged) {
        continue;
      }
      ProvenReceipt proven =
          Market.read(
              market.evaluate(
                  market.auditor, ctx -> market.audit.getReceipt(ctx, r.invocationId())),
              ProvenReceipt.class);
      assertEquals(r, proven.receipt());
      assertEquals(receipts.indexOf(r), proven.leafIndex());
      assertTrue(proven.proof().verifies(r.leafHash(), proven.merkleRoot()), r.invocationId());
    }
    market.fails(
        ErrorCodes.NOT_FOUND, market.auditor, ctx -> market.audit.getReceipt(ctx, "forged"));
  }

  @Test
  void aReceiptIsVisibleToItsPartiesAndOverseersOnly() {
    market.fund(market.consumer, 10_000);
    market.settle("b", market.receipt("inv", 0));
    for (var allowed :
        List.of(market.consumer, market.provider, market.broker, market.auditor, market.admin)) {
      market.evaluate(allowed, ctx -> market.audit.getReceipt(ctx, "inv"));
    }
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer2, ctx -> market.audit.getReceipt(ctx, "inv"));
    market.fails(
        ErrorCodes.FORBIDDEN, market.provider2, ctx -> market.audit.getReceipt(ctx, "inv"));
  }

  @Test
  void batchesAreListedInSummaryAndReadInFull() {
    market.fund(market.consumer, 10_000);
    for (int i = 0; i < 3; i++) {
      market.settle("batch-" + i, market.receipt("inv-" + i, 0), market.receipt("inv-" + i, 0));
    }
    BatchRecord full =
        Market.read(
            market.evaluate(market.broker, ctx -> market.audit.getBatch(ctx, "batch-1")),
            BatchRecord.class);
    assertEquals(2, full.leaves().size());
    assertEquals(List.of("inv-1"), full.settled());
    List<BatchSummary> all =
        market.everyPage(
            market.auditor,
            new TypeReference<Page<BatchSummary>>() {},
            (ctx, mark) -> market.audit.listBatches(ctx, "2", mark));
    assertEquals(
        List.of("batch-0", "batch-1", "batch-2"), all.stream().map(BatchSummary::batchId).toList());
    assertEquals(2, all.get(0).receipts());
    assertEquals(1, all.get(0).settled());
    assertEquals(1, all.get(0).rejected());
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> market.audit.getBatch(ctx, "batch-1"));
    market.fails(
        ErrorCodes.FORBIDDEN, market.provider, ctx -> market.audit.listBatches(ctx, "2", ""));
    market.fails(
        ErrorCodes.NOT_FOUND, market.auditor, ctx -> market.audit.getBatch(ctx, "batch-9"));
  }

  @Test
  void historyShowsEveryVersionNewestFirst() {
    long expires = market.now() + 86_400_000;
    market.submit(market.provider, ctx -> market.offers.withdrawOffer(ctx, Market.OFFER));
    String json = Json.write(InvocationSamples.offer(Market.OFFER, expires));
    market.submit(market.provider, ctx -> market.offers.publishOffer(ctx, json));
    String raw =
        market.evaluate(market.auditor, ctx -> market.audit.getHistory(ctx, "offer", Market.OFFER));
    assertTrue(raw.contains("\"isDelete\":false"), raw);
    assertFalse(raw.contains("\"delete\""), "one flag, named as Fabric clients name it");
    List<HistoryEntry> history = Json.read(raw, new TypeReference<List<HistoryEntry>>() {});
    assertEquals(
        List.of("ACTIVE", "WITHDRAWN", "ACTIVE"),
        history.stream().map(h -> h.value().get("status").asText()).toList());
    market.fund(market.provider, 10);
    market.submit(
        market.provider, ctx -> market.accounts.transfer(ctx, market.consumer.id(), "4", ""));
    assertEquals(
        1,
        Json.read(
                market.evaluate(
                    market.admin,
                    ctx -> market.audit.getHistory(ctx, "account", market.provider.id())),
                new TypeReference<List<HistoryEntry>>() {})
            .size());
    market.evaluate(market.auditor, ctx -> market.audit.getHistory(ctx, "config", ""));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.auditor,
        ctx -> market.audit.getHistory(ctx, "journal", "x"));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.broker,
        ctx -> market.audit.getHistory(ctx, "offer", Market.OFFER));
  }
}
