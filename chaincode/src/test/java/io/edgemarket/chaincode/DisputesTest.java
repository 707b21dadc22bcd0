package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.DisputeEvidence;
import io.edgemarket.model.ledger.Records.DisputeVerdict;
import io.edgemarket.model.ledger.Records.Reputation;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redundant runs, disputes and their verdicts on the chaincode itself. */
class DisputesTest {
  private static final byte[] LIE = "lie".getBytes(UTF_8);
  private final Market market = new Market();
  private final Identity provider3 = market.enroll("provider-3", Role.PROVIDER);
  private final String function;

  DisputesTest() {
    market.register(provider3);
    for (Identity p : List.of(market.provider, market.provider2, provider3)) {
      market.fund(p, 5_000);
      String offer =
          Json.write(
              InvocationSamples.offer("offer-" + p.id(), market.now() + 86_400_000)
                  .withStake(2_000));
      market.submit(p, ctx -> market.offers.publishOffer(ctx, offer));
    }
    String spec =
        Json.write(
            InvocationSamples.function("checked")
                .withTrust(TrustLevel.REDUNDANT, 1_000_000, 1_000));
    market.submit(market.consumer, ctx -> market.functions.registerFunction(ctx, spec));
    function = "checked";
    market.fund(market.consumer, 100_000);
  }

  private InvocationTicket ticket(String id) {
    return InvocationSamples.ticket(
        market.consumer,
        market.broker,
        id,
        function,
        1_000_000,
        market.now(),
        java.time.Duration.ofMinutes(1));
  }

  private Receipt run(Identity provider, InvocationTicket ticket, int replica, byte[] output) {
    Assignment assignment =
        Assignment.sign(
            market.broker,
            ticket,
            provider.id(),
            "offer-" + provider.id(),
            ticket.issuedAt() + 1,
            replica);
    return Receipt.sign(
        provider,
        ticket,
        assignment,
        output,
        Receipt.OK,
        new Usage(InvocationSamples.FUEL, 1 << 20, 800),
        InvocationSamples.PER_INVOCATION,
        InvocationSamples.PER_MEGA_FUEL,
        ticket.issuedAt() + 5,
        ticket.issuedAt() + 8,
        System.nanoTime());
  }

  private SettlementResult settle(String batchId, Receipt... receipts) {
    return Json.read(market.settle(batchId, receipts), SettlementResult.class);
  }

  private String evidence(String id, Receipt... receipts) {
    return Json.write(
        new DisputeEvidence(
            id,
            List.of(receipts),
            Base64.getEncoder().encodeToString(InvocationSamples.INPUT),
            "outputs differ"));
  }

  @Test
  void aLiarOutvotedByTwoHonestProvidersIsSlashedAndTheHonestRunsArePaid() {
    InvocationTicket ticket = ticket("inv-1");
    Receipt honest = run(market.provider, ticket, 0, InvocationSamples.OUTPUT);
    Receipt lie = run(market.provider2, ticket, 1, LIE);
    Receipt tieBreak = run(provider3, ticket, 2, InvocationSamples.OUTPUT);
    SettlementResult first = settle("b1", honest, lie);
    assertEquals(List.of("inv-1", "inv-1#1"), first.settled());
    long consumer = market.balance(market.consumer);
    long liar = market.balance(market.provider2);

    String open = evidence("inv-1", honest, lie);
    market.fails(
        ErrorCodes.FORBIDDEN, market.provider, ctx -> market.disputes.openDispute(ctx, open));
    market.submit(market.consumer, ctx -> market.disputes.openDispute(ctx, open));
    market.fails(
        ErrorCodes.ALREADY_EXISTS, market.auditor, ctx -> market.disputes.openDispute(ctx, open));
    // Two runs disagree: no majority yet, the dispute stays open and the third run waits.
    Dispute still =
        Json.read(
            market.submit(market.broker, ctx -> market.disputes.resolveDispute(ctx, "inv-1", "")),
            Dispute.class);
    assertEquals(Dispute.OPEN, still.status());
    SettlementResult held = settle("b2", tieBreak);
    assertEquals(ErrorCodes.DISPUTED, held.rejected().get(0).code());

    String verdict = Json.write(new DisputeVerdict(List.of(tieBreak), null, null));
    Dispute done =
        Json.read(
            market.submit(
                market.provider, ctx -> market.disputes.resolveDispute(ctx, "inv-1", verdict)),
            Dispute.class);
    assertEquals(Dispute.PROVIDER_SLASHED, done.outcome());
    assertEquals(List.of(market.provider2.id()), done.slashed());
    assertEquals(2_000, done.slashedTotal());
    // What the consumer paid for the lie comes back out of the stake, capped by it.
    assertEquals(Math.min(lie.amount(), 2_000), done.refunded());
    assertEquals(honest.outputDigest(), done.correctOutputDigest());
    assertEquals(consumer + 2_000, market.balance(market.consumer));
    assertEquals(liar - 2_000, market.balance(market.provider2));
    Reputation lost =
        Json.read(
            market.evaluate(
                market.consumer, ctx -> market.disputes.getReputation(ctx, market.provider2.id())),
            Reputation.class);
    assertEquals(1, lost.disputesLost());
    assertEquals(2_000, lost.slashedTotal());
    // The tie-break is paid now; the liar's offer has no stake left, so it is paid for nothing
    // more.
    assertEquals(List.of("inv-1#2"), settle("b3", tieBreak).settled());
    InvocationTicket next = ticket("inv-2");
    SettlementResult unstaked = settle("b4", run(market.provider2, next, 0, LIE));
    assertEquals(ErrorCodes.BAD_RECEIPT, unstaked.rejected().get(0).code());
    assertEquals(0, market.totalOfAllBalances());
    var slash =
        market.journal().stream().filter(e -> "slash".equals(e.kind())).findFirst().orElseThrow();
    assertEquals(market.provider.id(), slash.by());
    assertEquals("inv-1", slash.reference());
    assertEquals(
        List.of(
            new io.edgemarket.model.ledger.Records.Posting(
                market.provider2.id(), market.consumer.id(), 2_000)),
        slash.postings());
  }

  @Test
  void redundantRunsMustBeSampledRedundantAndOnOtherProviders() {
    InvocationTicket ticket = ticket("inv-3");
    Receipt first = run(market.provider, ticket, 0, InvocationSamples.OUTPUT);
    Receipt again = run(market.provider, ticket, 1, InvocationSamples.OUTPUT);
    SettlementResult result = settle("b5", first, again);
    assertEquals(List.of("inv-3"), result.settled());
    assertEquals(ErrorCodes.BAD_RECEIPT, result.rejected().get(0).code());
    assertEquals(ErrorCodes.BAD_RECEIPT, settle("b6", again).rejected().get(0).code());

    // A receipt-level function pays no second run.
    String plain =
        Json.write(InvocationSamples.function("plain").withTrust(TrustLevel.RECEIPT, 1_000_000, 0));
    market.submit(market.consumer, ctx -> market.functions.registerFunction(ctx, plain));
    InvocationTicket once =
        InvocationSamples.ticket(
            market.consumer,
            market.broker,
            "inv-4",
            "plain",
            1_000_000,
            market.now(),
            java.time.Duration.ofMinutes(1));
    SettlementResult second =
        settle("b7", run(market.provider2, once, 1, InvocationSamples.OUTPUT));
    assertEquals(ErrorCodes.BAD_RECEIPT, second.rejected().get(0).code());
  }

  @Test
  void anAuditorsReexecutionDecidesAndOnlyAnAuditorMayGiveIt() {
    InvocationTicket ticket = ticket("inv-5");
    Receipt lie = run(market.provider2, ticket, 0, LIE);
    String open = evidence("inv-5", lie);
    String badInput =
        Json.write(
            new DisputeEvidence(
                "inv-5", List.of(lie), Base64.getEncoder().encodeToString(LIE), ""));
    market.fails(
        ErrorCodes.BAD_REQUEST, market.broker, ctx -> market.disputes.openDispute(ctx, badInput));
    Receipt forged = InvocationSamples.signedBy(market.provider, lie);
    String forgedJson = evidence("inv-5", forged);
    market.fails(
        ErrorCodes.BAD_SIGNATURE,
        market.broker,
        ctx -> market.disputes.openDispute(ctx, forgedJson));
    market.submit(market.broker, ctx -> market.disputes.openDispute(ctx, open));
    String correct =
        io.edgemarket.model.crypto.Crypto.saltedDigest(ticket.salt(), InvocationSamples.OUTPUT);
    String verdict = Json.write(new DisputeVerdict(null, correct, null));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.consumer,
        ctx -> market.disputes.resolveDispute(ctx, "inv-5", verdict));
    long consumer = market.balance(market.consumer);
    Dispute done =
        Json.read(
            market.submit(
                market.auditor, ctx -> market.disputes.resolveDispute(ctx, "inv-5", verdict)),
            Dispute.class);
    assertEquals(Dispute.PROVIDER_SLASHED, done.outcome());
    assertEquals(market.auditor.id(), done.resolvedBy());
    assertEquals(0, done.refunded()); // the lie was never paid
    assertEquals(consumer + 2_000, market.balance(market.consumer));
    assertEquals(ErrorCodes.BAD_RECEIPT, settle("b8", lie).rejected().get(0).code());
  }

  @Test
  void majorityNeedsThreeDistinctProvidersAndAStrictMajority() {
    InvocationTicket t = ticket("inv-6");
    Receipt a = run(market.provider, t, 0, InvocationSamples.OUTPUT);
    Receipt b = run(market.provider2, t, 1, LIE);
    Receipt c = run(provider3, t, 2, "third".getBytes(UTF_8));
    assertEquals(null, Verdicts.majority(List.of(a, b)));
    assertEquals(null, Verdicts.majority(List.of(a, b, c)));
    Receipt c2 = run(provider3, t, 2, InvocationSamples.OUTPUT);
    assertEquals(a.outputDigest(), Verdicts.majority(List.of(a, b, c2)));
  }
}
