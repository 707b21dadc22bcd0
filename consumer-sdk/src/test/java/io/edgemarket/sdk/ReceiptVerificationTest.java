package io.edgemarket.sdk;

import static io.edgemarket.sdk.ReceiptVerification.AMOUNT;
import static io.edgemarket.sdk.ReceiptVerification.BROKER_SIGNATURE;
import static io.edgemarket.sdk.ReceiptVerification.MERKLE_INCLUSION;
import static io.edgemarket.sdk.ReceiptVerification.PROVIDER_SIGNATURE;
import static io.edgemarket.sdk.ReceiptVerification.TICKET_SIGNATURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.ReceiptVerification.Step;
import io.edgemarket.sdk.testing.FakeLedger;
import io.edgemarket.sdk.testing.TestMarket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One receipt verified step by step, as its consumer (who may not read batches nor the config's
 * history, as on the real ledger) and as an auditor: a genuine one passes every step, and each kind
 * of tampering fails the step that checks it.
 */
class ReceiptVerificationTest {
  static final List<String> ORDER =
      List.of(PROVIDER_SIGNATURE, TICKET_SIGNATURE, BROKER_SIGNATURE, AMOUNT, MERKLE_INCLUSION);

  final TestMarket market = new TestMarket();
  final FakeLedger ledger = new FakeLedger();

  @BeforeEach
  void settle() throws Exception {
    ledger.register(market.admin, market.broker, market.auditor, market.consumer, market.provider);
    ledger.books.credit(market.consumer.id(), 1_000_000);
    ledger.books.settle(
        "batch-1",
        market.broker.id(),
        List.of(receipt("inv-0", 1_000_000), receipt("inv-1", 2_000_000), receipt("inv-2", 7)));
    ledger.books.settleSigned("batch-2", market.broker, List.of(receipt("inv-3", 5)));
  }

  Receipt receipt(String id, long fuel) {
    return market.receipt(ticket(id), utf8(id), Receipt.OK, fuel);
  }

  InvocationTicket ticket(String id) {
    return market.ticket(id, market.consumer.id() + "/echo", "ab".repeat(32), utf8(id), 100_000);
  }

  ReceiptVerification asConsumer(String id) throws QueryException {
    ledger.forbidden.add(Transactions.GET_BATCH);
    ledger.forbidden.add(Transactions.GET_HISTORY);
    try (EdgeMarket client = consumer()) {
      return client.verifyReceipt(id);
    } finally {
      ledger.forbidden.clear();
    }
  }

  EdgeMarket consumer() {
    return EdgeMarket.builder()
        .broker(URI.create("http://127.0.0.1:1")) // never asked: every read goes to the ledger
        .identity(market.consumer)
        .trustRoot(market.ca.certificate())
        .ledger(ledger.as(market.consumer))
        .build();
  }

  ReceiptVerification asAuditor(String id) throws AuditException {
    try (Auditor auditor =
        Auditor.builder()
            .ledger(ledger.as(market.auditor))
            .trustRoot(market.ca.certificate())
            .build()) {
      return auditor.verifyReceipt(id);
    }
  }

  static List<String> failed(ReceiptVerification verification) {
    return verification.failures().stream().map(Step::name).toList();
  }

  static Step step(ReceiptVerification verification, String name) {
    return verification.steps().stream().filter(s -> s.name().equals(name)).findFirst().get();
  }

  @Test
  void aGenuineReceiptPassesEveryStepForItsConsumer() throws Exception {
    ReceiptVerification v = asConsumer("inv-1");
    assertTrue(v.verified(), v::toString);
    assertEquals(ORDER, v.steps().stream().map(Step::name).toList());
    assertEquals("batch-1", v.record().batchId());
    assertEquals(1, v.record().leafIndex());
    assertNotNull(v.record().proof());
    assertTrue(step(v, PROVIDER_SIGNATURE).detail().contains(market.provider.id()), v::toString);
    assertTrue(step(v, PROVIDER_SIGNATURE).detail().contains("issued by the market CA"));
    assertTrue(step(v, BROKER_SIGNATURE).detail().startsWith("assignment to "), v::toString);
    assertTrue(step(v, AMOUNT).detail().contains("(500 bps)"), v::toString);
    assertTrue(step(v, MERKLE_INCLUSION).detail().contains(v.record().merkleRoot()), v::toString);
  }

  @Test
  void anAuditorAlsoChecksTheBatchSignatureAndItsLeaves() throws Exception {
    ReceiptVerification v = asAuditor("inv-3");
    assertTrue(v.verified(), v::toString);
    assertTrue(
        step(v, BROKER_SIGNATURE).detail().startsWith("batch batch-2 signed by its broker"),
        v::toString);
    assertTrue(step(v, MERKLE_INCLUSION).detail().contains("batch's 1 leaves give"), v::toString);
    assertTrue(asAuditor("inv-0").verified());
  }

  @Test
  void aBatchSignatureNotTheBrokersFailsTheBrokerStep() throws Exception {
    ledger.books.settleSigned("batch-3", market.provider, List.of(receipt("inv-10", 1)));
    ledger.books.batches.get("batch-3").put("brokerId", market.broker.id());
    ReceiptVerification v = asAuditor("inv-10");
    assertEquals(List.of(BROKER_SIGNATURE), failed(v), v::toString);
    assertTrue(step(v, BROKER_SIGNATURE).detail().startsWith("BAD_BATCH_SIGNATURE: "));
  }

  @Test
  void anAmountTheProviderSignedThatUsageDoesNotJustifyFailsOnlyTheAmount() throws Exception {
    Receipt honest = receipt("inv-11", 1_000_000);
    Receipt inflated =
        new Receipt(
            honest.ticket(),
            honest.assignment(),
            honest.providerId(),
            honest.offerId(),
            honest.outputDigest(),
            honest.status(),
            honest.usage(),
            honest.pricePerInvocation(),
            honest.pricePerMegaFuel(),
            honest.amount() + 1,
            honest.startedAt(),
            honest.finishedAt(),
            honest.sequence(),
            null);
    Receipt signed = inflated.withSignature(signature(market.provider, inflated));
    ledger.books.settle("batch-3", market.broker.id(), List.of(signed));
    for (ReceiptVerification v : List.of(asConsumer("inv-11"), asAuditor("inv-11"))) {
      assertEquals(List.of(AMOUNT), failed(v), v::toString);
      assertTrue(step(v, AMOUNT).detail().startsWith("AMOUNT_INCONSISTENT: "), v::toString);
    }
  }

  @Test
  void anAmountAlteredOnTheLedgerFailsTheAmountTheSignatureAndTheLeaf() throws Exception {
    ObjectNode receipt = (ObjectNode) ledger.books.receipts.get("inv-1").get("receipt");
    receipt.put("amount", receipt.get("amount").asLong() + 1);
    ReceiptVerification v = asConsumer("inv-1");
    assertEquals(List.of(PROVIDER_SIGNATURE, AMOUNT, MERKLE_INCLUSION), failed(v), v::toString);
    assertTrue(step(v, AMOUNT).detail().contains("AMOUNT_INCONSISTENT"), v::toString);
    assertTrue(step(v, PROVIDER_SIGNATURE).detail().startsWith("BAD_PROVIDER_SIGNATURE: "));
    assertEquals(List.of(PROVIDER_SIGNATURE, AMOUNT, MERKLE_INCLUSION), failed(asAuditor("inv-1")));
  }

  @Test
  void aSignatureNotTheProvidersFailsOnlyTheProviderStep() throws Exception {
    Receipt genuine = receipt("inv-12", 3);
    // Settled as it is, so the leaf commits to it: only the signature itself is wrong.
    Receipt forged = genuine.withSignature(signature(market.consumer, genuine));
    ledger.books.settle("batch-3", market.broker.id(), List.of(forged));
    ReceiptVerification v = asConsumer("inv-12");
    assertEquals(List.of(PROVIDER_SIGNATURE), failed(v), v::toString);
    assertEquals(
        "BAD_PROVIDER_SIGNATURE: not signed by " + market.provider.id(),
        step(v, PROVIDER_SIGNATURE).detail());
  }

  @Test
  void aMerkleProofThatMissesTheRecordedRootFailsOnlyTheInclusion() throws Exception {
    // The record claims leaf 1 of its batch: the proof the ledger builds is leaf 1's path.
    ledger.books.receipts.get("inv-0").put("leafIndex", 1);
    ReceiptVerification v = asConsumer("inv-0");
    assertEquals(List.of(MERKLE_INCLUSION), failed(v), v::toString);
    assertEquals(
        "PROOF_INVALID: the ledger's Merkle proof misses the batch root",
        step(v, MERKLE_INCLUSION).detail());
    ReceiptVerification audited = asAuditor("inv-0");
    assertEquals(List.of(MERKLE_INCLUSION), failed(audited), audited::toString);
    assertTrue(step(audited, MERKLE_INCLUSION).detail().startsWith("LEAF_MISMATCH: "));
  }

  @Test
  void aRootTheLedgerRecordedThatNoPathReachesFailsTheInclusion() throws Exception {
    ledger.books.batches.get("batch-1").put("merkleRoot", "00".repeat(32));
    ReceiptVerification v = asConsumer("inv-2");
    assertEquals(List.of(MERKLE_INCLUSION), failed(v), v::toString);
    ReceiptVerification audited = asAuditor("inv-2");
    assertEquals(List.of(MERKLE_INCLUSION), failed(audited), audited::toString);
    assertTrue(
        step(audited, MERKLE_INCLUSION).detail().startsWith("MERKLE_ROOT_MISMATCH: "),
        audited::toString);
  }

  @Test
  void aFeeRateSetSinceTheSettlementIsNotHeldAgainstItsConsumer() throws Exception {
    ledger.feeBps = 700;
    ledger.feeUpdatedAt = 5000; // after both batches (settled at 1000..1002)
    ReceiptVerification v = asConsumer("inv-1");
    assertTrue(v.verified(), v::toString);
    assertTrue(step(v, AMOUNT).detail().contains("not known here"), v::toString);
    ledger.feeUpdatedAt = 0; // the same rate in force since before: then the fee is wrong
    assertEquals(List.of(AMOUNT), failed(asConsumer("inv-1")));
  }

  @Test
  void anUnknownOrUnsettledReceiptIsAClearError() throws Exception {
    QueryException e = assertThrows(QueryException.class, () -> asConsumer("inv-404"));
    assertEquals(ErrorCodes.NOT_FOUND, e.code());
    assertEquals("inv-404", e.id());
    assertTrue(e.getMessage().contains("not settled yet"), e::getMessage);
    AuditException audit = assertThrows(AuditException.class, () -> asAuditor("inv-404"));
    assertEquals(ErrorCodes.NOT_FOUND, audit.code());
  }

  @Test
  void theReceiptIsShownAsTheLedgerHoldsIt() throws Exception {
    Records.ProvenReceipt record;
    try (EdgeMarket client = consumer()) {
      record = client.receipt("inv-2");
    }
    assertEquals("batch-1", record.batchId());
    assertEquals(2, record.leafIndex());
    assertEquals(
        ledger.books.batches.get("batch-1").get("merkleRoot").asText(), record.merkleRoot());
    assertEquals(record.receipt().amount(), record.providerShare() + record.brokerFee());
    assertFalse(record.proof().steps().isEmpty());
  }

  private static String signature(io.edgemarket.model.crypto.Identity signer, Receipt receipt) {
    return Base64.getEncoder().encodeToString(signer.sign(receipt.signingPayload()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
