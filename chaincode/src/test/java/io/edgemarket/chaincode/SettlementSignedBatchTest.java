package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch its broker signed: one signature vouches for every assignment in it. Signatures that are
 * not the submitting broker's over this very batch refuse the whole batch and move no money; every
 * other rule still holds for each receipt of a signed batch.
 */
class SettlementSignedBatchTest {
  private final Market market = new Market().trading();

  @Test
  void aSignedBatchIsPaidAndTheLedgerKeepsItsSignature() {
    market.fund(market.consumer, 100_000);
    List<Receipt> receipts = List.of(market.receipt("s-1", 0), market.receipt("s-2", 0));
    SettlementBatch batch = SettlementBatch.signed("signed", receipts, market.broker);

    SettlementResult result = settle(market.broker, batch);

    assertEquals(List.of("s-1", "s-2"), result.settled());
    BatchRecord stored =
        Market.read(
            market.evaluate(market.auditor, ctx -> market.audit.getBatch(ctx, "signed")),
            BatchRecord.class);
    assertEquals(batch.brokerSignature(), stored.brokerSignature());
    assertTrue(
        SettlementBatch.verify(
            Pem.certificate(market.broker.certificatePem()).getPublicKey(),
            stored.brokerId(),
            stored.batchId(),
            stored.merkleRoot(),
            stored.brokerSignature()),
        "an auditor can check the stored signature");
  }

  @Test
  void aBatchSignedBySomeoneElseIsRefusedWhole() {
    List<Receipt> receipts = List.of(market.receipt("x-1", 0));
    // Signed by a provider, submitted by the broker: the bytes are right, the signer is not.
    refused(SettlementBatch.signed("x", receipts, market.provider));
  }

  @Test
  void aSignatureOverOtherReceiptsIsRefused() {
    SettlementBatch signed =
        SettlementBatch.signed("y", List.of(market.receipt("y-1", 0)), market.broker);
    // A receipt added after signing, the root recomputed to match: the signature no longer does.
    List<Receipt> more = List.of(signed.receipts().get(0), market.receipt("y-2", 0));
    refused(new SettlementBatch("y", SettlementBatch.rootOf(more), more, signed.brokerSignature()));
  }

  @Test
  void aSignatureOfAnotherBatchIdIsRefused() {
    List<Receipt> receipts = List.of(market.receipt("z-1", 0));
    SettlementBatch original = SettlementBatch.signed("z", receipts, market.broker);
    refused(
        new SettlementBatch(
            "z-again", original.merkleRoot(), receipts, original.brokerSignature()));
  }

  @Test
  void everyOtherRuleStillHoldsInASignedBatch() {
    market.fund(market.consumer, 100_000);
    Receipt good = market.receipt("r-good", 0);
    Receipt forgedReceipt = InvocationSamples.signedBy(market.provider2, market.receipt("r-f", 0));
    Receipt otherBroker =
        InvocationSamples.receipt(
            market.provider2,
            market.provider,
            Market.OFFER,
            market.ticket(market.consumer, "r-b", 1_000_000),
            0);
    SettlementResult result =
        settle(
            market.broker,
            SettlementBatch.signed(
                "rules", List.of(good, forgedReceipt, otherBroker), market.broker));
    assertEquals(List.of("r-good"), result.settled());
    assertEquals(
        List.of("r-f: " + ErrorCodes.BAD_SIGNATURE, "r-b: " + ErrorCodes.BAD_RECEIPT),
        result.rejected().stream().map(r -> r.invocationId() + ": " + r.code()).toList());
  }

  private SettlementResult settle(Identity who, SettlementBatch batch) {
    String json = Json.write(batch);
    return Market.read(
        market.submit(who, ctx -> market.settlement.settleBatch(ctx, json)),
        SettlementResult.class);
  }

  private void refused(SettlementBatch batch) {
    market.fund(market.consumer, 100_000);
    long before = market.balance(market.consumer);
    String json = Json.write(batch);
    String message =
        market.fails(
            ErrorCodes.BAD_SIGNATURE,
            market.broker,
            ctx -> market.settlement.settleBatch(ctx, json));
    assertTrue(message.contains("not signed by " + market.broker.id()), message);
    assertEquals(before, market.balance(market.consumer), "no money moved");
    assertEquals(0, market.totalOfAllBalances());
  }
}
