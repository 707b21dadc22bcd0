package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Statement;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.Discrepancy.Kind;
import io.edgemarket.sdk.testing.FakeLedger;
import io.edgemarket.sdk.testing.TestMarket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A consistent market audits clean; tampering with any settled field is reported by kind. */
class AuditorTest {
  final TestMarket market = new TestMarket();
  final FakeLedger ledger = new FakeLedger();
  final List<Receipt> receipts = new ArrayList<>();

  @BeforeEach
  void settleTwoBatches() throws Exception {
    ledger.register(market.admin, market.broker, market.auditor, market.consumer, market.provider);
    ledger.books.credit(market.consumer.id(), 1_000_000);
    for (int i = 0; i < 5; i++) {
      receipts.add(
          receipt(
              "inv-" + i, i == 3 ? Receipt.FUNCTION_ERROR : Receipt.OK, 500_000_000L * (i + 1)));
    }
    ledger.books.settle("batch-1", market.broker.id(), receipts.subList(0, 3));
    ledger.books.settle("batch-2", market.broker.id(), receipts.subList(3, 5));
  }

  Receipt receipt(String id, String status, long fuel) {
    byte[] input = id.getBytes(StandardCharsets.UTF_8);
    InvocationTicket ticket =
        market.ticket(id, market.consumer.id() + "/echo", "ab".repeat(32), input, 100_000);
    return market.receipt(ticket, input, status, fuel);
  }

  AuditReport audit() throws AuditException {
    try (Auditor auditor =
        Auditor.builder()
            .ledger(ledger.as(market.auditor))
            .trustRoot(market.ca.certificate())
            .pageSize(1)
            .build()) {
      return auditor.audit(line -> {});
    }
  }

  Set<Kind> kinds() throws AuditException {
    return audit().discrepancies().stream().map(Discrepancy::kind).collect(Collectors.toSet());
  }

  ObjectNode record(String id) {
    return ledger.books.receipts.get(id);
  }

  ObjectNode receiptNode(String id) {
    return (ObjectNode) record(id).get("receipt");
  }

  @Test
  void consistentMarketPasses() throws Exception {
    List<String> progress = new ArrayList<>();
    AuditReport report;
    try (Auditor auditor = Auditor.builder().ledger(ledger.as(market.auditor)).build()) {
      report = auditor.audit(progress::add);
    }
    assertTrue(report.ok(), report.discrepancies()::toString);
    assertEquals(2, report.batches());
    assertEquals(5, report.receiptsChecked());
    assertEquals(receipts.stream().mapToLong(Receipt::amount).sum(), report.totalSettledAmount());
    assertEquals(6, report.accounts()); // issuer + five participants
    assertEquals(3, report.journalEntries());
    assertTrue(progress.contains("audit passed"), progress::toString);
  }

  @Test
  void pagesThroughEveryListing() throws Exception {
    AuditReport report = audit(); // page size 1: every listing takes several pages
    assertTrue(report.ok(), report.discrepancies()::toString);
    assertEquals(5, report.receiptsChecked());
  }

  @Test
  void aBatchItsBrokerSignedPasses() throws Exception {
    ledger.books.settleSigned("batch-3", market.broker, List.of(receipt("inv-10", Receipt.OK, 1)));
    AuditReport report = audit();
    assertTrue(report.ok(), report.discrepancies()::toString);
    assertEquals(3, report.batches());
  }

  @Test
  void aBatchSignatureNotTheBrokersIsReported() throws Exception {
    // The signature a provider would make over the same batch: the right bytes, the wrong signer.
    ledger.books.settleSigned(
        "batch-3", market.provider, List.of(receipt("inv-10", Receipt.OK, 1)));
    ObjectNode batch = ledger.books.batches.get("batch-3");
    batch.put("brokerId", market.broker.id());
    assertEquals(Set.of(Kind.BAD_BATCH_SIGNATURE), kinds());
  }

  @Test
  void aBatchSignatureOverAnotherBatchIsReported() throws Exception {
    ledger.books.settleSigned("batch-3", market.broker, List.of(receipt("inv-10", Receipt.OK, 1)));
    // batch-1 shows batch-3's signature: genuine, by its broker, but over another id and root.
    String genuine = ledger.books.batches.get("batch-3").get("brokerSignature").asText();
    ledger.books.batches.get("batch-1").put("brokerSignature", genuine);
    List<Discrepancy> found = audit().discrepancies();
    assertEquals(1, found.size(), found::toString);
    assertEquals(Kind.BAD_BATCH_SIGNATURE, found.get(0).kind());
    assertEquals("batch-1", found.get(0).id());
  }

  @Test
  void aReceiptAndTicketNamedByTheirSignersStatementsPassWithoutTheirOwnSignatures()
      throws Exception {
    Receipt unsigned = withoutSignatures(receipt("inv-13", Receipt.OK, 1));
    ledger.books.settleSigned("batch-3", market.broker, List.of(unsigned));
    withStatements(
        "batch-3",
        Statement.sign(Statement.RECEIPTS, market.provider, "s-1", List.of(unsigned.leafHash())),
        Statement.sign(
            Statement.TICKETS, market.consumer, "s-2", List.of(unsigned.ticket().leafHash())));
    AuditReport report = audit();
    assertTrue(report.ok(), report.discrepancies()::toString);
  }

  @Test
  void statementsSignedByOthersStandForNothing() throws Exception {
    Receipt unsigned = withoutSignatures(receipt("inv-14", Receipt.OK, 1));
    ledger.books.settleSigned("batch-3", market.broker, List.of(unsigned));
    // The consumer signs both statements: one in the provider's name, one of its own tickets but
    // of the kind only providers sign.
    Statement receipts =
        Statement.sign(Statement.RECEIPTS, market.consumer, "s-1", List.of(unsigned.leafHash()));
    Statement relabelled =
        new Statement(
            receipts.kind(),
            market.provider.id(),
            receipts.statementId(),
            receipts.leaves(),
            receipts.signature());
    withStatements("batch-3", relabelled, receipts);
    assertEquals(Set.of(Kind.BAD_PROVIDER_SIGNATURE, Kind.BAD_TICKET_SIGNATURE), kinds());
  }

  private Receipt withoutSignatures(Receipt receipt) {
    InvocationTicket ticket = receipt.ticket().withSignature(stranger());
    return Receipt.sign(
            market.provider,
            ticket,
            receipt.assignment(),
            "inv".getBytes(StandardCharsets.UTF_8),
            receipt.status(),
            receipt.usage(),
            receipt.pricePerInvocation(),
            receipt.pricePerMegaFuel(),
            receipt.startedAt(),
            receipt.finishedAt(),
            receipt.sequence())
        .withSignature(stranger());
  }

  /** A well-formed signature by a key registered with nobody. */
  private String stranger() {
    return Base64.getEncoder()
        .encodeToString(market.ca.enroll("stranger", Role.PROVIDER).sign(new byte[] {1}));
  }

  private void withStatements(String batchId, Statement... statements) {
    ledger.books.batches.get(batchId).set("statements", Json.mapper().valueToTree(statements));
  }

  @Test
  void anAssignmentNotSignedByTheBrokerOfAnUnsignedBatchIsReported() throws Exception {
    byte[] input = "inv-12".getBytes(StandardCharsets.UTF_8);
    InvocationTicket ticket =
        market.ticket("inv-12", market.consumer.id() + "/echo", "ab".repeat(32), input, 100_000);
    Assignment genuine = Assignment.sign(market.broker, ticket, market.provider.id(), "offer-1", 1);
    // The provider signs the placement itself, in the broker's name, and then its receipt: every
    // other signature and the leaf are consistent.
    Assignment forged =
        genuine.withSignature(
            Base64.getEncoder().encodeToString(market.provider.sign(genuine.signingPayload())));
    Receipt receipt =
        Receipt.sign(
            market.provider,
            ticket,
            forged,
            input,
            Receipt.OK,
            new Usage(1, 1 << 20, 150),
            TestMarket.PRICE_PER_INVOCATION,
            TestMarket.PRICE_PER_MEGA_FUEL,
            2,
            3,
            99);
    ledger.books.settle("batch-3", market.broker.id(), List.of(receipt));
    List<Discrepancy> found = audit().discrepancies();
    assertEquals(1, found.size(), found::toString);
    assertEquals(Kind.BAD_ASSIGNMENT_SIGNATURE, found.get(0).kind());
    assertEquals("inv-12", found.get(0).id());
  }

  @Test
  void storedRootThatLeavesDoNotGive() throws Exception {
    ledger.books.batches.get("batch-1").put("merkleRoot", "00".repeat(32));
    assertEquals(Set.of(Kind.MERKLE_ROOT_MISMATCH), kinds());
  }

  @Test
  void leafReplacedAndRootRecomputed() throws Exception {
    var leaves =
        (com.fasterxml.jackson.databind.node.ArrayNode)
            ledger.books.batches.get("batch-1").get("leaves");
    leaves.set(1, Crypto.hex(Crypto.sha256("forged".getBytes(StandardCharsets.UTF_8))));
    List<byte[]> hashes = new ArrayList<>();
    leaves.forEach(l -> hashes.add(Crypto.unhex(l.asText())));
    ledger
        .books
        .batches
        .get("batch-1")
        .put("merkleRoot", io.edgemarket.model.merkle.MerkleTree.of(hashes).rootHex());
    assertEquals(Set.of(Kind.LEAF_MISMATCH), kinds());
  }

  @Test
  void batchTotals() throws Exception {
    ledger.books.batches.get("batch-2").put("totalAmount", 1);
    assertEquals(Set.of(Kind.BATCH_TOTAL_MISMATCH), kinds());
  }

  @Test
  void settledIdWithoutRecord() throws Exception {
    ((com.fasterxml.jackson.databind.node.ArrayNode)
            ledger.books.batches.get("batch-2").get("settled"))
        .add("ghost");
    assertEquals(Set.of(Kind.MISSING_RECEIPT, Kind.LEAF_COUNT_MISMATCH), kinds());
  }

  @Test
  void receiptAmountRaised() throws Exception {
    long amount = receiptNode("inv-1").get("amount").asLong();
    receiptNode("inv-1").put("amount", amount + 1);
    Set<Kind> kinds = kinds();
    assertTrue(
        kinds.containsAll(
            Set.of(
                Kind.LEAF_MISMATCH,
                Kind.BAD_PROVIDER_SIGNATURE,
                Kind.AMOUNT_INCONSISTENT,
                Kind.SPLIT_MISMATCH)),
        kinds::toString);
  }

  @Test
  void receiptOutputDigestChanged() throws Exception {
    receiptNode("inv-0").put("outputDigest", "11".repeat(32));
    assertEquals(Set.of(Kind.LEAF_MISMATCH, Kind.BAD_PROVIDER_SIGNATURE), kinds());
  }

  @Test
  void ticketMaxPriceChanged() throws Exception {
    ((ObjectNode) receiptNode("inv-2").get("ticket")).put("maxPrice", 999_999);
    Set<Kind> kinds = kinds();
    assertTrue(
        kinds.containsAll(
            Set.of(Kind.BAD_TICKET_SIGNATURE, Kind.BAD_PROVIDER_SIGNATURE, Kind.LEAF_MISMATCH)),
        kinds::toString);
  }

  @Test
  void providerShareRaised() throws Exception {
    record("inv-0").put("providerShare", record("inv-0").get("providerShare").asLong() + 5);
    assertEquals(Set.of(Kind.SPLIT_MISMATCH, Kind.SETTLEMENT_POSTINGS_MISMATCH), kinds());
  }

  @Test
  void feeShiftedToBroker() throws Exception {
    ObjectNode r = record("inv-4");
    r.put("providerShare", r.get("providerShare").asLong() - 1)
        .put("brokerFee", r.get("brokerFee").asLong() + 1);
    Set<Kind> kinds = kinds();
    assertTrue(
        kinds.contains(Kind.FEE_MISMATCH) && !kinds.contains(Kind.SPLIT_MISMATCH), kinds::toString);
  }

  @Test
  void leafIndexAndBatchOfRecord() throws Exception {
    record("inv-0").put("leafIndex", 2);
    record("inv-4").put("batchId", "batch-1");
    Set<Kind> kinds = kinds();
    assertTrue(kinds.containsAll(Set.of(Kind.LEAF_MISMATCH, Kind.WRONG_BATCH)), kinds::toString);
  }

  @Test
  void feeRateIsTheOneInForceWhenSettled() throws Exception {
    ledger.feeBps = 700; // changed after both batches were settled (at 1000..1004)
    assertEquals(Set.of(Kind.FEE_MISMATCH), kinds());
    ledger.keepsHistory = true;
    ledger.feeChanges.add(new long[] {0, 500});
    ledger.feeChanges.add(new long[] {5000, 700});
    assertTrue(audit().ok());
  }
}
