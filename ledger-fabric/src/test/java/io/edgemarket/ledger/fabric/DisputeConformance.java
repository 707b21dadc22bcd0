package io.edgemarket.ledger.fabric;

import static io.edgemarket.ledger.fabric.Market.failure;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Sampling;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.DisputeEvidence;
import io.edgemarket.model.ledger.Records.DisputeVerdict;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.InvocationSamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Results that are checked (SECURITY.md rules 11-13): stakes locked behind offers, redundant runs
 * paid only as the function's sampling rule says and only on distinct providers, and disputes whose
 * verdict (a majority of three, or an auditor's re-execution) slashes the provider that lied to the
 * consumer. Every call is sampled here ({@link Sampling#PPM}), so each scenario is certain.
 */
abstract class DisputeConformance extends MoneyAttackConformance {
  static final long STAKE = 3_000;
  private static final byte[] LIE = "lie".getBytes(UTF_8);
  private static final AtomicInteger SEQ = new AtomicInteger();

  /** Fresh providers, each with money and an offer {@code offer-<id>} with {@link #STAKE}. */
  private List<Identity> stakedProviders(String tag, int n) throws Exception {
    List<Identity> providers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Identity p = market.backend.enroll("p" + i + "-" + tag + "-" + market.run, Role.PROVIDER);
      market.submit(p, Transactions.REGISTER_PARTICIPANT);
      market.credit(p, 10_000);
      String offer =
          Json.write(
              InvocationSamples.offer(offerOf(p), System.currentTimeMillis() + 86_400_000)
                  .withStake(STAKE));
      market.submit(p, Transactions.PUBLISH_OFFER, offer);
      providers.add(p);
    }
    return providers;
  }

  private static String offerOf(Identity provider) {
    return "offer-" + provider.id();
  }

  private String function(String tag, TrustLevel level, long samplePpm, long minStake)
      throws Exception {
    String name = "fn-" + tag;
    market.submit(
        market.consumer,
        Transactions.REGISTER_FUNCTION,
        Json.write(InvocationSamples.function(name).withTrust(level, samplePpm, minStake)));
    return name;
  }

  private InvocationTicket ticket(String function, String tag) {
    return InvocationSamples.ticket(
        market.consumer,
        market.broker,
        "inv-" + market.run + "-" + tag,
        function,
        1_000_000,
        System.currentTimeMillis(),
        Duration.ofMinutes(10));
  }

  private Receipt run(Identity provider, InvocationTicket ticket, int replica, byte[] output) {
    Assignment placed =
        Assignment.sign(
            market.broker,
            ticket,
            provider.id(),
            offerOf(provider),
            ticket.issuedAt() + 1,
            replica);
    long start = ticket.issuedAt() + 5;
    return Receipt.sign(
        provider,
        ticket,
        placed,
        output,
        Receipt.OK,
        new Usage(InvocationSamples.FUEL, 1 << 20, 800),
        InvocationSamples.PER_INVOCATION,
        InvocationSamples.PER_MEGA_FUEL,
        start,
        start + 3,
        1_000_000_000L + SEQ.incrementAndGet());
  }

  private JsonNode settle(String tag, Receipt... receipts) throws Exception {
    return market.submit(
        market.broker,
        Transactions.SETTLE_BATCH,
        InvocationSamples.batchJson("batch-" + market.run + "-" + tag, List.of(receipts)));
  }

  private static String evidence(InvocationTicket ticket, Receipt... receipts) {
    return Json.write(
        new DisputeEvidence(
            ticket.invocationId(),
            List.of(receipts),
            Base64.getEncoder().encodeToString(InvocationSamples.INPUT),
            "outputs differ"));
  }

  private static void fails(String code, java.util.concurrent.Callable<?> call) {
    io.edgemarket.model.ledger.LedgerException e = failure(call);
    assertEquals(code, e.code(), e.getMessage());
  }

  private static String code(JsonNode result, int i) {
    return result.get("rejected").get(i).get("code").asText();
  }

  @Test
  void aStakeStaysInTheBalanceButCannotBeMovedUntilReleasedAfterTheDelay() throws Exception {
    Identity p = stakedProviders("stake", 1).get(0);
    JsonNode balance = market.evaluate(p, Transactions.GET_BALANCE, p.id());
    assertEquals(10_000, balance.get("balance").asLong());
    assertEquals(STAKE, balance.get("locked").asLong());
    String to = market.consumer.id();
    fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        () -> market.submit(p, Transactions.TRANSFER, to, "7001", "over " + market.run));
    market.submit(p, Transactions.TRANSFER, to, "7000", "spare " + market.run);
    String lowered =
        Json.write(
            InvocationSamples.offer(offerOf(p), System.currentTimeMillis() + 86_400_000)
                .withStake(STAKE - 1));
    fails(ErrorCodes.BAD_REQUEST, () -> market.submit(p, Transactions.PUBLISH_OFFER, lowered));
    fails(ErrorCodes.BAD_REQUEST, () -> market.submit(p, Transactions.RELEASE_STAKE, offerOf(p)));
    market.submit(p, Transactions.WITHDRAW_OFFER, offerOf(p));
    // Releasing waits out every ticket placed on the offer (settlement window + ticket lifetime);
    // StakesTest in chaincode advances its clock past that, a live ledger cannot.
    fails(ErrorCodes.TOO_EARLY, () -> market.submit(p, Transactions.RELEASE_STAKE, offerOf(p)));
    fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        () -> market.submit(p, Transactions.TRANSFER, to, "1", "releasing " + market.run));
    assertEquals(STAKE, market.balance(p));
    market.assertConserved();
  }

  @Test
  void aRedundantRunIsPaidOnlyForSampledRedundantTicketsOnAnotherProvider() throws Exception {
    List<Identity> ps = stakedProviders("replica", 2);
    market.credit(market.consumer, 50_000);
    String plain = function("plain", TrustLevel.RECEIPT, Sampling.PPM, 0);
    String unsampled = function("unsampled", TrustLevel.REDUNDANT, 0, 0);
    String redundant = function("redundant", TrustLevel.REDUNDANT, Sampling.PPM, STAKE);
    InvocationTicket a = ticket(plain, "replica-a");
    InvocationTicket b = ticket(unsampled, "replica-b");
    InvocationTicket c = ticket(redundant, "replica-c");
    long consumer = market.balance(market.consumer);
    JsonNode refused =
        settle(
            "replica-refused",
            run(ps.get(1), a, 1, InvocationSamples.OUTPUT),
            run(ps.get(1), b, 1, InvocationSamples.OUTPUT));
    assertEquals(0, refused.get("settled").size(), refused.toString());
    assertEquals(ErrorCodes.BAD_RECEIPT, code(refused, 0));
    assertEquals(ErrorCodes.BAD_RECEIPT, code(refused, 1));
    assertEquals(consumer, market.balance(market.consumer));
    // Two runs of one ticket by the same provider: the second is not paid, in a batch or later.
    JsonNode pair =
        settle(
            "replica-pair",
            run(ps.get(0), c, 0, InvocationSamples.OUTPUT),
            run(ps.get(0), c, 1, InvocationSamples.OUTPUT));
    assertEquals(1, pair.get("settled").size(), pair.toString());
    assertEquals(ErrorCodes.BAD_RECEIPT, code(pair, 0));
    JsonNode other = settle("replica-other", run(ps.get(1), c, 1, InvocationSamples.OUTPUT));
    assertEquals(c.invocationId() + "#1", other.get("settled").get(0).asText(), other.toString());
    assertEquals(
        consumer - 2 * InvocationSamples.amount(InvocationSamples.FUEL),
        market.balance(market.consumer));
    market.assertConserved();
  }

  @Test
  void aLiarOutvotedByTwoHonestProvidersIsSlashedToTheConsumer() throws Exception {
    List<Identity> ps = stakedProviders("vote", 3);
    Identity honest = ps.get(0);
    Identity liar = ps.get(1);
    Identity tieBreaker = ps.get(2);
    market.credit(market.consumer, 50_000);
    String fn = function("vote", TrustLevel.REDUNDANT, Sampling.PPM, 1_000);
    InvocationTicket t = ticket(fn, "vote");
    Receipt right = run(honest, t, 0, InvocationSamples.OUTPUT);
    Receipt lie = run(liar, t, 1, LIE);
    Receipt third = run(tieBreaker, t, 2, InvocationSamples.OUTPUT);
    assertEquals(2, settle("vote-1", right, lie).get("settled").size());
    long consumer = market.balance(market.consumer);
    long liarBalance = market.balance(liar);

    market.submit(market.broker, Transactions.OPEN_DISPUTE, evidence(t, right, lie));
    // While it is open, no further run of the invocation settles.
    JsonNode held = settle("vote-2", third);
    assertEquals(ErrorCodes.DISPUTED, code(held, 0), held.toString());
    JsonNode open = market.evaluate(market.consumer, Transactions.GET_DISPUTE, t.invocationId());
    assertEquals("OPEN", open.get("status").asText());

    // The third run breaks the tie; any registered participant may ask the ledger to count.
    JsonNode done =
        market.submit(
            honest,
            Transactions.RESOLVE_DISPUTE,
            t.invocationId(),
            Json.write(new DisputeVerdict(List.of(third), null, null)));
    assertEquals("RESOLVED", done.get("status").asText());
    assertEquals("provider-slashed", done.get("outcome").asText());
    assertEquals(liar.id(), done.get("slashed").get(0).asText());
    assertEquals(STAKE, done.get("slashedTotal").asLong());
    assertEquals(
        Math.min(STAKE, InvocationSamples.amount(InvocationSamples.FUEL)),
        done.get("refunded").asLong());
    assertEquals(consumer + STAKE, market.balance(market.consumer));
    assertEquals(liarBalance - STAKE, market.balance(liar));
    JsonNode lost = market.evaluate(market.consumer, Transactions.GET_REPUTATION, liar.id());
    assertEquals(1, lost.get("disputesLost").asLong());
    assertEquals(STAKE, lost.get("slashedTotal").asLong());
    JsonNode won = market.evaluate(market.consumer, Transactions.GET_REPUTATION, honest.id());
    assertEquals(1, won.get("disputesWon").asLong());
    assertEquals(0, won.get("disputesLost").asLong());

    // The honest tie-break is paid now; the liar's offer has no stake left for this function.
    long before = market.balance(tieBreaker);
    assertEquals(1, settle("vote-3", third).get("settled").size());
    assertFalse(market.balance(tieBreaker) <= before);
    JsonNode unstaked = settle("vote-4", run(liar, ticket(fn, "vote-next"), 0, LIE));
    assertEquals(ErrorCodes.BAD_RECEIPT, code(unstaked, 0));
    assertEquals(liarBalance - STAKE, market.balance(liar));
    market.assertConserved();
  }

  @Test
  void anAuditorsReexecutionSlashesTheLiarAndOnlyAllowedRolesOpenOrResolve() throws Exception {
    Identity liar = stakedProviders("reexec", 1).get(0);
    market.credit(market.consumer, 50_000);
    String fn = function("reexec", TrustLevel.REEXECUTE, Sampling.PPM, 1_000);
    InvocationTicket t = ticket(fn, "reexec");
    Receipt lie = run(liar, t, 0, LIE);
    String evidence = evidence(t, lie);
    for (Identity stranger : List.of(liar, market.consumer2, market.broker2)) {
      fails(
          ErrorCodes.FORBIDDEN, () -> market.submit(stranger, Transactions.OPEN_DISPUTE, evidence));
    }
    market.submit(market.consumer, Transactions.OPEN_DISPUTE, evidence);
    fails(
        ErrorCodes.ALREADY_EXISTS,
        () -> market.submit(market.auditor, Transactions.OPEN_DISPUTE, evidence));
    String verdict =
        Json.write(
            new DisputeVerdict(
                null, Crypto.saltedDigest(t.salt(), InvocationSamples.OUTPUT), null));
    for (Identity notAuditor : List.of(market.consumer, market.broker, market.admin)) {
      fails(
          ErrorCodes.FORBIDDEN,
          () -> market.submit(notAuditor, Transactions.RESOLVE_DISPUTE, t.invocationId(), verdict));
    }
    fails(
        ErrorCodes.FORBIDDEN,
        () -> market.evaluate(market.consumer2, Transactions.GET_DISPUTE, t.invocationId()));
    long consumer = market.balance(market.consumer);
    long liarBalance = market.balance(liar);
    JsonNode done =
        market.submit(market.auditor, Transactions.RESOLVE_DISPUTE, t.invocationId(), verdict);
    assertEquals("provider-slashed", done.get("outcome").asText());
    assertEquals(market.auditor.id(), done.get("resolvedBy").asText());
    assertEquals(0, done.get("refunded").asLong(), "the lie was never paid");
    assertEquals(consumer + STAKE, market.balance(market.consumer));
    assertEquals(liarBalance - STAKE, market.balance(liar));
    // The lie is never paid now.
    assertEquals(ErrorCodes.BAD_RECEIPT, code(settle("reexec", lie), 0));
    JsonNode listed = market.evaluate(market.auditor, Transactions.LIST_DISPUTES, "1000", "");
    assertFalse(listed.get("records").isEmpty());
    market.assertConserved();
  }
}
