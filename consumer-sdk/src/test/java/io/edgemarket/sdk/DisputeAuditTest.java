package io.edgemarket.sdk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.Posting;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.Discrepancy.Kind;
import io.edgemarket.sdk.testing.FakeLedger;
import io.edgemarket.sdk.testing.TestMarket;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Disputes and slashes as the auditor checks them, from recorded evidence alone. */
class DisputeAuditTest {
  private static final byte[] INPUT = "in".getBytes(UTF_8);
  private static final long STAKE = 3_000;
  private final TestMarket market = new TestMarket();
  private final FakeLedger ledger = new FakeLedger();
  private final Identity p2 = market.ca.enroll("provider-2", Role.PROVIDER);
  private final Identity p3 = market.ca.enroll("provider-3", Role.PROVIDER);
  private final List<Dispute> disputes = new ArrayList<>();

  DisputeAuditTest() throws LedgerException {
    ledger.register(market.broker, market.auditor, market.consumer, market.provider, p2, p3);
  }

  private Receipt run(Identity provider, InvocationTicket t, int replica, String output) {
    long now = System.currentTimeMillis();
    return Receipt.sign(
        provider,
        t,
        Assignment.sign(market.broker, t, provider.id(), "offer-" + provider.id(), now, replica),
        output.getBytes(UTF_8),
        Receipt.OK,
        new Usage(10, 1 << 20, 150),
        TestMarket.PRICE_PER_INVOCATION,
        TestMarket.PRICE_PER_MEGA_FUEL,
        now,
        now + 1,
        now + replica);
  }

  private Dispute resolved(String by, String correct, List<String> slashed, long total) {
    InvocationTicket t =
        market.ticket("inv-1", market.consumer.id() + "/f", "ab".repeat(32), INPUT, 9);
    List<Receipt> runs =
        List.of(run(market.provider, t, 0, "right"), run(p2, t, 1, "lie"), run(p3, t, 2, "right"));
    String digest = correct.equals("lie") ? runs.get(1).outputDigest() : runs.get(0).outputDigest();
    return new Dispute(
        "inv-1",
        t.functionId(),
        market.consumer.id(),
        "redundant",
        Dispute.RESOLVED,
        runs,
        Base64.getEncoder().encodeToString(INPUT),
        market.consumer.id(),
        1,
        "",
        Dispute.PROVIDER_SLASHED,
        digest,
        slashed,
        0,
        total,
        by,
        2L);
  }

  private JournalEntry slash(String by, long amount) {
    return new JournalEntry(
        "tx-slash",
        3,
        "slash",
        "inv-1",
        List.of(new Posting(p2.id(), market.consumer.id(), amount)),
        by);
  }

  private Set<Kind> audit(List<JournalEntry> slashes) throws LedgerException {
    LedgerGateway auditor = ledger.as(market.auditor);
    LedgerGateway gateway =
        new LedgerGateway() {
          @Override
          public Identity identity() {
            return auditor.identity();
          }

          @Override
          public String submit(String tx, String... args) throws LedgerException {
            return auditor.submit(tx, args);
          }

          @Override
          public String evaluate(String tx, String... args) throws LedgerException {
            return switch (tx) {
              case Transactions.LIST_DISPUTES -> Json.write(new Page<>(disputes, ""));
              case Transactions.GET_OFFER ->
                  Json.write(
                      new Offer(
                          args[0], null, null, null, 0, 0, 1, 1, 1, null, null, 0, 0, 0, null, 0,
                          STAKE));
              default -> auditor.evaluate(tx, args);
            };
          }

          @Override
          public void close() {}
        };
    List<Discrepancy> found = new ArrayList<>();
    RegisteredCertificates participants =
        new RegisteredCertificates(gateway, List.of(market.ca.certificate()));
    new DisputeAudit(gateway, 100, participants, found::add).audit(slashes, line -> {});
    return found.stream().map(Discrepancy::kind).collect(Collectors.toSet());
  }

  @Test
  void aMajorityVerdictAndItsSlashPass() throws Exception {
    disputes.add(resolved(market.provider.id(), "right", List.of(p2.id()), STAKE));
    assertEquals(Set.of(), audit(List.of(slash(market.provider.id(), STAKE))));
  }

  @Test
  void aVerdictTheRunsDoNotGiveIsReported() throws Exception {
    // A broker "resolved" for the liar: the recount says otherwise, and it was not an auditor.
    disputes.add(resolved(market.broker.id(), "lie", List.of(market.provider.id(), p3.id()), 0));
    assertEquals(Set.of(Kind.DISPUTE_VERDICT), audit(List.of()));
  }

  @Test
  void aSlashBeyondTheStakeOrWithoutADisputeIsReported() throws Exception {
    disputes.add(resolved(market.provider.id(), "right", List.of(p2.id()), STAKE + 1));
    assertEquals(
        Set.of(Kind.UNJUSTIFIED_SLASH), audit(List.of(slash(market.provider.id(), STAKE + 1))));
    disputes.clear();
    assertEquals(Set.of(Kind.UNJUSTIFIED_SLASH), audit(List.of(slash(market.provider.id(), 1))));
  }

  @Test
  void evidenceThatDoesNotVerifyIsReported() throws Exception {
    Dispute honest = resolved(market.provider.id(), "right", List.of(p2.id()), STAKE);
    List<Receipt> runs = new ArrayList<>(honest.receipts());
    runs.set(1, runs.get(1).withSignature(runs.get(0).signature()));
    disputes.add(
        new Dispute(
            honest.invocationId(),
            honest.functionId(),
            honest.consumerId(),
            honest.trustLevel(),
            honest.status(),
            runs,
            Base64.getEncoder().encodeToString("other".getBytes(UTF_8)),
            honest.openedBy(),
            honest.openedAt(),
            honest.reason(),
            honest.outcome(),
            honest.correctOutputDigest(),
            honest.slashed(),
            honest.refunded(),
            honest.slashedTotal(),
            honest.resolvedBy(),
            honest.resolvedAt()));
    assertEquals(Set.of(Kind.DISPUTE_EVIDENCE), audit(List.of(slash(market.provider.id(), STAKE))));
  }
}
