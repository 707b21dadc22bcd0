package io.edgemarket.ledger.fabric;

import static io.edgemarket.ledger.fabric.Market.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.InvocationSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attacks on what a receipt may claim (SECURITY.md, issue 9 attacks 2, 4 and 5), each performed
 * through the ledger port and shown to fail with no money moved wrongly: voiding work by
 * redeploying, claiming a ticket placed on someone else or settled by another broker or long after
 * it expired, charging more than the matched offer, and metering more fuel than the function
 * allows.
 */
abstract class ReceiptAttackConformance extends SettlementConformance {

  /** The consumer's ticket for its function, placed through {@code broker}. */
  protected static InvocationTicket ticket(
      Identity broker,
      Identity consumer,
      String function,
      String id,
      long issuedAt,
      long expiresAt) {
    return InvocationSamples.ticket(
        consumer,
        broker,
        id,
        function,
        1_000_000,
        issuedAt,
        java.time.Duration.ofMillis(expiresAt - issuedAt));
  }

  private String id(String tag) {
    return "inv-" + market.run + "-" + tag;
  }

  private static String rejection(JsonNode result, int i) {
    return result.get("rejected").get(i).get("code").asText();
  }

  @Test
  void redeployingAFunctionDoesNotVoidReceiptsForTheVersionTheyRan() throws Exception {
    String[] work = work(market.provider, market.consumer, "redeploy");
    market.credit(market.consumer, 50_000);
    Receipt forOldCode =
        InvocationSamples.receipt(
            market.broker, market.provider, work[0], market.consumer, work[1], id("redeploy"));
    // The owner redeploys the name with other code before the receipt settles.
    FunctionSpec other = Json.read(InvocationSamples.functionJson(work[1]), FunctionSpec.class);
    String otherDigest = Crypto.sha256Hex("(module (other))");
    String redeployed =
        Json.write(
            new FunctionSpec(
                null,
                other.name(),
                null,
                otherDigest,
                other.runtime(),
                other.memoryLimitBytes(),
                other.timeoutMs(),
                other.trustLevel(),
                other.maxPricePerInvocation(),
                0));
    market.submit(market.consumer, Transactions.REGISTER_FUNCTION, redeployed);
    String functionId = market.consumer.id() + "/" + work[1];
    assertEquals(
        otherDigest,
        market
            .evaluate(market.provider, Transactions.GET_FUNCTION, functionId)
            .get("digest")
            .asText());
    long provider = market.balance(market.provider);
    JsonNode result = settle("batch-" + market.run + "-redeploy", List.of(forOldCode));
    assertEquals(1, result.get("settled").size(), result.toString());
    assertTrue(market.balance(market.provider) > provider);
    assertEquals(
        InvocationSamples.DIGEST,
        market
            .evaluate(
                market.provider,
                Transactions.GET_FUNCTION_VERSION,
                functionId,
                InvocationSamples.DIGEST)
            .get("digest")
            .asText());
    market.assertConserved();
  }

  @Test
  void aTicketPaysOnlyTheProviderItsBrokerPlacedItOnAndOnlyThatBroker() throws Exception {
    String[] work = work(market.provider, market.consumer, "bind");
    String offer2 = "offer-" + market.run + "-bind2";
    market.submit(
        market.provider2, Transactions.PUBLISH_OFFER, InvocationSamples.offerJson(offer2));
    market.credit(market.consumer, 50_000);
    long consumer = market.balance(market.consumer);
    long now = System.currentTimeMillis();

    // provider2 saw a ticket placed on provider and claims it under its own offer.
    InvocationTicket ticket =
        ticket(market.broker, market.consumer, work[1], id("bind-a"), now, now + 600_000);
    Assignment toProvider =
        Assignment.sign(market.broker, ticket, market.provider.id(), work[0], now + 1);
    Receipt stolen =
        InvocationSamples.receipt(
            market.provider2, ticket, toProvider, 100, 2_000, InvocationSamples.FUEL);
    Receipt stolenOwnOffer =
        new Receipt(
                ticket,
                toProvider,
                market.provider2.id(),
                offer2,
                stolen.outputDigest(),
                stolen.status(),
                stolen.usage(),
                stolen.pricePerInvocation(),
                stolen.pricePerMegaFuel(),
                stolen.amount(),
                stolen.startedAt(),
                stolen.finishedAt(),
                stolen.sequence(),
                null)
            .withSignature(sign(market.provider2, stolen, offer2));
    // ... or with an assignment it signed itself.
    InvocationTicket ticket2 =
        ticket(market.broker, market.consumer, work[1], id("bind-b"), now, now + 600_000);
    Assignment claimed =
        new Assignment(
            ticket2.invocationId(),
            Assignment.digestOf(ticket2),
            market.broker.id(),
            market.provider2.id(),
            offer2,
            now + 1,
            Assignment.PRIMARY,
            null);
    Assignment selfAssigned =
        claimed.withSignature(
            java.util.Base64.getEncoder()
                .encodeToString(market.provider2.sign(claimed.signingPayload())));
    Receipt forged =
        InvocationSamples.receipt(
            market.provider2, ticket2, selfAssigned, 100, 2_000, InvocationSamples.FUEL);
    // A ticket naming another broker, settled by this one.
    InvocationTicket ticket3 =
        ticket(market.broker2, market.consumer, work[1], id("bind-c"), now, now + 600_000);
    Receipt otherBroker =
        InvocationSamples.receipt(
            market.provider,
            ticket3,
            Assignment.sign(market.broker2, ticket3, market.provider.id(), work[0], now + 1),
            100,
            2_000,
            InvocationSamples.FUEL);

    JsonNode result =
        settle(
            "batch-" + market.run + "-bind", List.of(stolen, stolenOwnOffer, forged, otherBroker));
    assertEquals(0, result.get("settled").size(), result.toString());
    assertEquals(ErrorCodes.BAD_RECEIPT, rejection(result, 0));
    assertEquals(ErrorCodes.BAD_RECEIPT, rejection(result, 1));
    assertEquals(ErrorCodes.BAD_SIGNATURE, rejection(result, 2));
    assertEquals(ErrorCodes.BAD_RECEIPT, rejection(result, 3));
    assertEquals(consumer, market.balance(market.consumer));

    // The broker the ticket names can settle it; the provider it placed it on is paid.
    JsonNode own =
        market.submit(
            market.broker2,
            Transactions.SETTLE_BATCH,
            InvocationSamples.batchJson("batch-" + market.run + "-bind-own", List.of(otherBroker)));
    assertEquals(1, own.get("settled").size(), own.toString());
    market.assertConserved();
  }

  @Test
  void aTicketIsPaidOnlyWithinItsLifetimeAndSettlementWindowByTheLedgersClock() throws Exception {
    String[] work = work(market.provider, market.consumer, "late");
    market.credit(market.consumer, 50_000);
    long consumer = market.balance(market.consumer);
    long window =
        market.evaluate(market.broker, Transactions.GET_CONFIG).get("settlementWindowMs").asLong();
    long ttl =
        market.evaluate(market.broker, Transactions.GET_CONFIG).get("maxTicketTtlMs").asLong();
    long now = System.currentTimeMillis();
    // Days later: the provider's own claimed times say it ran in time, the ledger's clock says no.
    long issued = now - window - 2 * ttl;
    InvocationTicket stale =
        ticket(market.broker, market.consumer, work[1], id("late-a"), issued, issued + ttl);
    Receipt late =
        InvocationSamples.receipt(
            market.provider,
            stale,
            Assignment.sign(market.broker, stale, market.provider.id(), work[0], issued + 1),
            100,
            2_000,
            InvocationSamples.FUEL);
    // A ticket that claims to live longer than the market allows.
    InvocationTicket forever =
        ticket(market.broker, market.consumer, work[1], id("late-b"), now, now + 10 * ttl);
    Receipt tooLong =
        InvocationSamples.receipt(
            market.provider,
            forever,
            Assignment.sign(market.broker, forever, market.provider.id(), work[0], now + 1),
            100,
            2_000,
            InvocationSamples.FUEL);
    // Placed after it expired.
    InvocationTicket expired =
        ticket(market.broker, market.consumer, work[1], id("late-c"), now - 20_000, now - 10_000);
    Receipt placedLate =
        InvocationSamples.receipt(
            market.provider,
            expired,
            Assignment.sign(market.broker, expired, market.provider.id(), work[0], now),
            100,
            2_000,
            InvocationSamples.FUEL);
    JsonNode result = settle("batch-" + market.run + "-late", List.of(late, tooLong, placedLate));
    assertEquals(0, result.get("settled").size(), result.toString());
    for (int i = 0; i < 3; i++) {
      assertEquals(ErrorCodes.BAD_RECEIPT, rejection(result, i));
    }
    assertEquals(consumer, market.balance(market.consumer));
  }

  @Test
  void aReceiptIsPaidAtTheMatchedOffersPricesNotMore() throws Exception {
    String[] work = work(market.provider, market.consumer, "price");
    market.credit(market.consumer, 50_000);
    long consumer = market.balance(market.consumer);
    long now = System.currentTimeMillis();
    InvocationTicket ticket =
        ticket(market.broker, market.consumer, work[1], id("price"), now, now + 600_000);
    Assignment placed = Assignment.sign(market.broker, ticket, market.provider.id(), work[0], now);
    // A consistent amount at prices ten times the offer's, still under the ticket's ceiling.
    Receipt dearer =
        InvocationSamples.receipt(
            market.provider,
            ticket,
            placed,
            InvocationSamples.PER_INVOCATION * 10,
            InvocationSamples.PER_MEGA_FUEL * 10,
            InvocationSamples.FUEL);
    assertTrue(dearer.amount() <= ticket.maxPrice());
    JsonNode result = settle("batch-" + market.run + "-price", List.of(dearer));
    assertEquals(0, result.get("settled").size(), result.toString());
    assertEquals(ErrorCodes.BAD_RECEIPT, rejection(result, 0));
    assertEquals(consumer, market.balance(market.consumer));
    // Nor can the provider raise the offer's prices under the broker's feet.
    String raised =
        InvocationSamples.offerJson(work[0])
            .replace("\"pricePerInvocation\":100", "\"pricePerInvocation\":1000");
    LedgerException reprice =
        failure(() -> market.submit(market.provider, Transactions.PUBLISH_OFFER, raised));
    assertEquals(ErrorCodes.BAD_REQUEST, reprice.code());
    // At the offer's own prices it is paid.
    Receipt fair =
        InvocationSamples.receipt(
            market.provider,
            ticket,
            placed,
            InvocationSamples.PER_INVOCATION,
            InvocationSamples.PER_MEGA_FUEL,
            InvocationSamples.FUEL);
    assertEquals(
        1, settle("batch-" + market.run + "-price-ok", List.of(fair)).get("settled").size());
    assertEquals(
        consumer - InvocationSamples.amount(InvocationSamples.FUEL),
        market.balance(market.consumer));
  }

  @Test
  void aProviderInflatingFuelBeyondTheFunctionsLimitIsRefused() throws Exception {
    String[] work = work(market.provider, market.consumer, "fuel");
    // The owner deployed it with a fuel limit: no run may meter more, whatever maxPrice allows.
    String capped = "fn-fuel-capped";
    market.submit(
        market.consumer,
        Transactions.REGISTER_FUNCTION,
        Json.write(InvocationSamples.function(capped).withMaxFuel(InvocationSamples.FUEL)));
    market.credit(market.consumer, 50_000);
    long consumer = market.balance(market.consumer);
    long provider = market.balance(market.provider);
    long now = System.currentTimeMillis();
    InvocationTicket ticket =
        ticket(market.broker, market.consumer, capped, id("fuel"), now, now + 600_000);
    Assignment placed = Assignment.sign(market.broker, ticket, market.provider.id(), work[0], now);
    // Ten times the limit at the offer's own prices: a consistent amount, under the ticket's cap.
    Receipt inflated =
        InvocationSamples.receipt(
            market.provider,
            ticket,
            placed,
            InvocationSamples.PER_INVOCATION,
            InvocationSamples.PER_MEGA_FUEL,
            InvocationSamples.FUEL * 10);
    assertTrue(inflated.amount() <= ticket.maxPrice());
    JsonNode result = settle("batch-" + market.run + "-fuel", List.of(inflated));
    assertEquals(0, result.get("settled").size(), result.toString());
    assertEquals(ErrorCodes.BAD_RECEIPT, rejection(result, 0));
    assertTrue(
        result.get("rejected").get(0).get("message").asText().contains("maxFuel"),
        result.toString());
    assertEquals(consumer, market.balance(market.consumer));
    assertEquals(provider, market.balance(market.provider));
    // The run metered at the limit (fuel exhausted, say) is paid for exactly that.
    Receipt atLimit =
        InvocationSamples.receipt(
            market.provider,
            ticket,
            placed,
            InvocationSamples.PER_INVOCATION,
            InvocationSamples.PER_MEGA_FUEL,
            InvocationSamples.FUEL);
    assertEquals(
        1, settle("batch-" + market.run + "-fuel-ok", List.of(atLimit)).get("settled").size());
    assertEquals(
        consumer - InvocationSamples.amount(InvocationSamples.FUEL),
        market.balance(market.consumer));
    market.assertConserved();
  }

  private static String sign(io.edgemarket.model.crypto.Identity who, Receipt r, String offerId) {
    Receipt unsigned =
        new Receipt(
            r.ticket(),
            r.assignment(),
            who.id(),
            offerId,
            r.outputDigest(),
            r.status(),
            r.usage(),
            r.pricePerInvocation(),
            r.pricePerMegaFuel(),
            r.amount(),
            r.startedAt(),
            r.finishedAt(),
            r.sequence(),
            null);
    return java.util.Base64.getEncoder().encodeToString(who.sign(unsigned.signingPayload()));
  }
}
