package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.ledger.embedded.LocalTransaction;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.BatchSettled;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Posting;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

class SettlementContractTest {
  private final Market market = new Market().trading();

  @Test
  void aBatchPaysProviderAndBrokerTheirExactShares() {
    market.fund(market.consumer, 100_000);
    Receipt a = market.receipt("inv-a", 1_000_000); // 2100: fee 105, provider 1995
    Receipt b = market.receipt("inv-b", 1); // 101: fee 5, provider 96
    Receipt c = market.receipt("inv-c", 0); // 100: fee 5, provider 95
    SettlementResult result =
        Market.read(market.settle("batch-1", a, b, c), SettlementResult.class);

    assertEquals(List.of("inv-a", "inv-b", "inv-c"), result.settled());
    assertTrue(result.rejected().isEmpty());
    assertEquals(2301, result.totalAmount());
    assertEquals(115, result.totalFees());
    assertEquals(SettlementBatch.rootOf(List.of(a, b, c)), result.merkleRoot());
    assertEquals(100_000 - 2301, market.balance(market.consumer));
    assertEquals(1995 + 96 + 95, market.balance(market.provider));
    assertEquals(115, market.balance(market.broker));
    assertEquals(0, market.totalOfAllBalances());

    ChaincodeStub read = market.begin(market.auditor).stub();
    ReceiptRecord record =
        State.read(read, Keys.of(read, Keys.RECEIPT, "inv-b"), ReceiptRecord.class);
    assertEquals(
        new ReceiptRecord(b, "batch-1", 1, 96, 5, record.settledAt(), record.txId()), record);
    BatchRecord batch = State.read(read, Keys.of(read, Keys.BATCH, "batch-1"), BatchRecord.class);
    assertEquals(market.broker.id(), batch.brokerId());
    assertEquals(
        List.of(Crypto.hex(a.leafHash()), Crypto.hex(b.leafHash()), Crypto.hex(c.leafHash())),
        batch.leaves());
  }

  @Test
  void theBatchIsOneJournalEntryAggregatedPerPairAndOneEvent() {
    market.fund(market.consumer, 10_000);
    market.fund(market.consumer2, 10_000);
    Receipt other =
        market.receipt(
            market.provider2, "offer-2", market.ticket(market.consumer2, "inv-2", 5000), 0);
    List<Receipt> receipts = List.of(market.receipt("inv-1", 0), other, market.receipt("inv-3", 0));
    market.settle("batch-1", receipts.toArray(Receipt[]::new));
    LocalTransaction tx = market.last;
    ChaincodeStub stub = tx.stub();
    JournalEntry entry =
        Json.read(
            tx.writes().get(stub.createCompositeKey(Keys.JOURNAL, stub.getTxId()).toString()),
            JournalEntry.class);
    assertEquals("settlement", entry.kind());
    assertEquals("batch-1", entry.reference());
    assertEquals(
        List.of(
            new Posting(market.consumer.id(), market.broker.id(), 10),
            new Posting(market.consumer.id(), market.provider.id(), 190),
            new Posting(market.consumer2.id(), market.broker.id(), 5),
            new Posting(market.consumer2.id(), market.provider2.id(), 95)),
        entry.postings());
    assertEquals("BatchSettled", stub.getEvent().getEventName());
    assertEquals(
        new BatchSettled("batch-1", SettlementBatch.rootOf(receipts), 3),
        Json.read(stub.getEvent().getPayload().toString(UTF_8), BatchSettled.class));
  }

  @Test
  void settlementReadsNeitherProviderNorBrokerBalances() {
    market.fund(market.consumer, 10_000);
    market.fund(market.provider, 7); // the provider has a slip, which settlement must not touch
    market.settle("batch-1", market.receipt("inv-1", 0));
    LocalTransaction tx = market.last;
    ChaincodeStub stub = tx.stub();
    for (String payee : List.of(market.provider.id(), market.broker.id())) {
      assertFalse(
          tx.keysRead().contains(stub.createCompositeKey(Keys.ACCOUNT, payee).toString()), payee);
      assertFalse(
          tx.scannedRanges().stream()
              .anyMatch(r -> r.start().contains(payee) || r.end().contains(payee)),
          payee + " scanned");
      assertTrue(
          tx.writes()
              .containsKey(stub.createCompositeKey(Keys.CREDIT, payee, stub.getTxId()).toString()),
          payee);
    }
    assertTrue(
        tx.writes()
            .containsKey(stub.createCompositeKey(Keys.ACCOUNT, market.consumer.id()).toString()));
    assertEquals(95 + 7, market.balance(market.provider));
  }

  @Test
  void theFeeFollowsTheMarketConfig() {
    market.submit(market.admin, ctx -> market.config.setConfig(ctx, "{\"brokerFeeBps\":1000}"));
    market.fund(market.consumer, 10_000);
    SettlementResult result =
        Market.read(market.settle("b", market.receipt("inv-1", 1_000_000)), SettlementResult.class);
    assertEquals(210, result.totalFees());
    assertEquals(1890, market.balance(market.provider));
  }

  @Test
  void everyAccountEqualsItsJournalPostings() {
    market.fund(market.consumer, 50_000);
    market.fund(market.consumer2, 3_000);
    market.settle("b1", market.receipt("i1", 123_456), market.receipt("i2", 999));
    market.submit(
        market.provider,
        ctx -> market.accounts.transfer(ctx, market.consumer2.id(), "50", "refund"));
    market.settle(
        "b2",
        market.receipt(
            market.provider2, "offer-2", market.ticket(market.consumer2, "i3", 9_000), 7_777_777));
    Map<String, Long> fromJournal = new HashMap<>();
    for (JournalEntry e : market.journal()) {
      for (Posting p : e.postings()) {
        fromJournal.merge(p.from(), -p.amount(), Long::sum);
        fromJournal.merge(p.to(), p.amount(), Long::sum);
      }
    }
    fromJournal.forEach((account, total) -> assertEquals(total, market.balance(account), account));
    assertEquals(0, fromJournal.values().stream().mapToLong(Long::longValue).sum());
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void onlyBrokersSettle() {
    String json = InvocationSamples.batchJson("b", List.of(market.receipt("i", 0)));
    market.fails(
        ErrorCodes.FORBIDDEN, market.provider, ctx -> market.settlement.settleBatch(ctx, json));
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        market.enroll("broker-2", io.edgemarket.model.Role.BROKER),
        ctx -> market.settlement.settleBatch(ctx, json));
  }

  @Test
  void aMerkleMismatchFailsTheWholeBatch() {
    market.fund(market.consumer, 10_000);
    Receipt a = market.receipt("inv-a", 0);
    Receipt b = market.receipt("inv-b", 0);
    String swapped =
        Json.write(new SettlementBatch("b", SettlementBatch.rootOf(List.of(b, a)), List.of(a, b)));
    market.fails(
        ErrorCodes.MERKLE_MISMATCH,
        market.broker,
        ctx -> market.settlement.settleBatch(ctx, swapped));
    String noRoot = Json.write(new SettlementBatch("b", null, List.of(a)));
    market.fails(
        ErrorCodes.MERKLE_MISMATCH,
        market.broker,
        ctx -> market.settlement.settleBatch(ctx, noRoot));
    assertEquals(10_000, market.balance(market.consumer));
    // The batch id was not used up by the failed attempts.
    market.settle("b", a, b);
  }

  @Test
  void batchLevelRulesAreCheckedBeforeAnyReceipt() {
    market.fund(market.consumer, 10_000);
    Receipt r = market.receipt("inv", 0);
    market.settle("b-1", r);
    market.fails(
        ErrorCodes.DUPLICATE,
        market.broker,
        ctx ->
            market.settlement.settleBatch(
                ctx, InvocationSamples.batchJson("b-1", List.of(market.receipt("other", 0)))));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.broker,
        ctx ->
            market.settlement.settleBatch(
                ctx, InvocationSamples.batchJson("", List.of(market.receipt("x", 0)))));
    String empty = Json.write(new SettlementBatch("b-2", "00", List.of()));
    market.fails(
        ErrorCodes.BAD_REQUEST, market.broker, ctx -> market.settlement.settleBatch(ctx, empty));
    String tooMany =
        Json.write(
            new SettlementBatch("b-3", "00", Collections.nCopies(Settlement.MAX_RECEIPTS + 1, r)));
    market.fails(
        ErrorCodes.BAD_REQUEST, market.broker, ctx -> market.settlement.settleBatch(ctx, tooMany));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.broker,
        ctx -> market.settlement.settleBatch(ctx, "{\"batchId\":"));
  }
}
