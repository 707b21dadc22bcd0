package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.Discrepancy.Kind;
import io.edgemarket.sdk.testing.FakeLedger;
import io.edgemarket.sdk.testing.TestMarket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who signed, what status was paid, and whether the books balance. */
class AuditorBooksAndSignersTest {
  final TestMarket market = new TestMarket();
  final FakeLedger ledger = new FakeLedger();

  @BeforeEach
  void register() throws Exception {
    ledger.register(market.admin, market.broker, market.auditor, market.consumer, market.provider);
    ledger.books.credit(market.consumer.id(), 1_000_000);
  }

  InvocationTicket ticket(String id, long maxPrice) {
    byte[] input = id.getBytes(StandardCharsets.UTF_8);
    return market.ticket(id, market.consumer.id() + "/echo", "ab".repeat(32), input, maxPrice);
  }

  Receipt good(String id) {
    return market.receipt(ticket(id, 100_000), new byte[] {1}, Receipt.OK, 2_000_000_000L);
  }

  Set<Kind> kinds() throws AuditException {
    try (Auditor auditor =
        Auditor.builder()
            .ledger(ledger.as(market.auditor))
            .trustRoot(market.ca.certificate())
            .build()) {
      return auditor.audit(line -> {}).discrepancies().stream()
          .map(Discrepancy::kind)
          .collect(Collectors.toSet());
    }
  }

  void settle(Receipt... receipts) {
    ledger.books.settle("b-" + ledger.books.batches.size(), market.broker.id(), List.of(receipts));
  }

  @Test
  void receiptSignedByAnotherKey() throws Exception {
    Identity impostor = market.ca.enroll("mallory", Role.PROVIDER);
    Receipt forged = market.receipt(ticket("x", 100_000), new byte[0], Receipt.OK, 1);
    // Same fields, but the signature is Mallory's while the receipt names provider-1.
    Receipt signedByOther =
        forged.withSignature(
            java.util.Base64.getEncoder().encodeToString(impostor.sign(forged.signingPayload())));
    settle(good("a"), signedByOther);
    assertEquals(Set.of(Kind.BAD_PROVIDER_SIGNATURE), kinds());
  }

  @Test
  void registrationWithForeignCertificate() throws Exception {
    CertificateAuthority other = CertificateAuthority.create(TestMarket.MSP);
    Identity twin = other.enroll("provider-1", Role.PROVIDER);
    ledger.participant(market.provider.id()).put("certificatePem", twin.certificatePem());
    settle(market.receipt(twin, ticket("t", 100_000), new byte[0], Receipt.OK, 1));
    assertEquals(Set.of(Kind.UNKNOWN_PARTICIPANT), kinds());
  }

  @Test
  void signerRegisteredInAnotherRole() throws Exception {
    ledger.participant(market.provider.id()).put("role", "consumer");
    settle(good("a"));
    assertEquals(Set.of(Kind.UNKNOWN_PARTICIPANT), kinds());
  }

  @Test
  void unregisteredProvider() throws Exception {
    Identity stranger = market.ca.enroll("provider-9", Role.PROVIDER);
    settle(market.receipt(stranger, ticket("s", 100_000), new byte[0], Receipt.OK, 1));
    // Its unlisted account breaks conservation too: money went where no listed account shows it.
    assertEquals(
        Set.of(Kind.UNKNOWN_PARTICIPANT, Kind.JOURNAL_MISMATCH, Kind.CONSERVATION), kinds());
  }

  @Test
  void paidWithoutTerminalStatus() throws Exception {
    settle(market.receipt(ticket("p", 100_000), new byte[0], "PENDING", 1));
    assertEquals(Set.of(Kind.BAD_STATUS), kinds());
  }

  @Test
  void chargedOverTheTicketsCeiling() throws Exception {
    settle(market.receipt(ticket("o", 11), new byte[0], Receipt.OK, 2_000_000_000L));
    assertEquals(Set.of(Kind.OVER_MAX_PRICE), kinds());
  }

  @Test
  void priceThatUsageDoesNotJustify() throws Exception {
    Receipt honest = market.receipt(ticket("u", 100_000), new byte[0], Receipt.OK, 1);
    Receipt inflated =
        new Receipt(
            honest.ticket(),
            honest.assignment(),
            honest.providerId(),
            honest.offerId(),
            honest.outputDigest(),
            honest.status(),
            new Usage(1, 1, 1),
            honest.pricePerInvocation(),
            honest.pricePerMegaFuel(),
            honest.amount() + 50,
            honest.startedAt(),
            honest.finishedAt(),
            honest.sequence(),
            null);
    settle(
        inflated.withSignature(
            java.util.Base64.getEncoder()
                .encodeToString(market.provider.sign(inflated.signingPayload()))));
    assertEquals(Set.of(Kind.AMOUNT_INCONSISTENT), kinds());
  }

  @Test
  void sameInvocationSettledTwice() throws Exception {
    Receipt once = good("twice");
    settle(once);
    settle(once);
    assertTrue(kinds().contains(Kind.DUPLICATE_SETTLEMENT));
  }

  @Test
  void balanceEditedOutsideTheJournal() throws Exception {
    settle(good("a"));
    ledger.books.balances.merge(market.provider.id(), 1_000L, Long::sum);
    assertEquals(Set.of(Kind.CONSERVATION, Kind.JOURNAL_MISMATCH), kinds());
  }

  @Test
  void moneyMovedBetweenAccountsWithoutAPosting() throws Exception {
    settle(good("a"));
    ledger.books.balances.merge(market.provider.id(), 7L, Long::sum);
    ledger.books.balances.merge(market.consumer.id(), -7L, Long::sum);
    assertEquals(Set.of(Kind.JOURNAL_MISMATCH), kinds());
  }

  @Test
  void settlementPostingRedirected() throws Exception {
    settle(good("a"));
    ObjectNode settlement = ledger.books.journal.get(ledger.books.journal.size() - 1);
    ObjectNode posting = (ObjectNode) settlement.get("postings").get(0);
    String from = posting.get("to").asText();
    ledger.books.balances.merge(from, -posting.get("amount").asLong(), Long::sum);
    ledger.books.balances.merge(market.admin.id(), posting.get("amount").asLong(), Long::sum);
    posting.put("to", market.admin.id());
    assertEquals(Set.of(Kind.SETTLEMENT_POSTINGS_MISMATCH), kinds());
  }

  @Test
  void malformedBatchRecord() throws Exception {
    settle(good("a"));
    ledger.books.batches.values().iterator().next().remove("leaves");
    assertTrue(kinds().contains(Kind.MALFORMED_RECORD));
  }

  @Test
  void auditNeedsAnAuditor() {
    assertThrows(
        IllegalArgumentException.class, () -> Auditor.builder().ledger(ledger.as(market.consumer)));
    assertThrows(NullPointerException.class, () -> Auditor.builder().build());
    assertThrows(IllegalArgumentException.class, () -> Auditor.builder().pageSize(0));
  }

  @Test
  void ledgerFailureStopsTheAudit() {
    ledger.forbidden.add(Transactions.LIST_BATCHES);
    AuditException e = assertThrows(AuditException.class, this::kinds);
    assertEquals(ErrorCodes.FORBIDDEN, e.code());
  }
}
