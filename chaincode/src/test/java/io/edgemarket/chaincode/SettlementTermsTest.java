package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Usage;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Receipts whose terms the consumer never agreed to, or cannot pay for. */
class SettlementTermsTest {
  private final Market market = new Market().trading();
  private final Rejections rejections = new Rejections(market);

  private void rejected(String code, Receipt bad) {
    rejections.rejected(code, bad);
  }

  @Test
  void anAmountAboveTheTicketsMaxPrice() {
    rejected(
        ErrorCodes.BAD_RECEIPT,
        market.receipt(
            market.provider,
            Market.OFFER,
            market.ticket(market.consumer, "greedy", 2099),
            1_000_000));
  }

  @Test
  void anAmountThatDoesNotMatchTheUsage() {
    Receipt honest = market.receipt("padded", 10);
    Receipt padded =
        InvocationSamples.signedBy(
            market.provider,
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
                null));
    rejected(ErrorCodes.BAD_RECEIPT, padded);
  }

  @Test
  void aTicketForOtherCode() {
    long now = market.now();
    InvocationTicket wrongDigest =
        InvocationTicket.issue(
            market.consumer,
            "wrong-digest",
            market.broker.id(),
            market.consumer.id() + "/echo",
            "cd".repeat(32),
            new byte[0],
            9999,
            now,
            now + 60_000);
    rejected(ErrorCodes.BAD_RECEIPT, market.receipt(market.provider, Market.OFFER, wrongDigest, 0));
    InvocationTicket unknown =
        InvocationTicket.issue(
            market.consumer,
            "unknown-fn",
            market.broker.id(),
            market.consumer.id() + "/nope",
            InvocationSamples.DIGEST,
            new byte[0],
            9999,
            now,
            now + 60_000);
    rejected(ErrorCodes.BAD_RECEIPT, market.receipt(market.provider, Market.OFFER, unknown, 0));
  }

  @Test
  void termsTheProviderCannotClaim() {
    InvocationTicket t1 = market.ticket(market.consumer, "other-offer", 9999);
    rejected(ErrorCodes.BAD_RECEIPT, market.receipt(market.provider, "offer-2", t1, 0));
    InvocationTicket t2 = market.ticket(market.consumer, "no-offer", 9999);
    rejected(ErrorCodes.BAD_RECEIPT, market.receipt(market.provider, "offer-404", t2, 0));
    InvocationTicket t3 = market.ticket(market.consumer, "bad-status", 9999);
    rejected(
        ErrorCodes.BAD_RECEIPT,
        Receipt.sign(
            market.provider,
            t3,
            InvocationSamples.assignment(market.broker, t3, market.provider, Market.OFFER),
            new byte[0],
            "MAYBE",
            new Usage(0, 0, 0),
            InvocationSamples.PER_INVOCATION,
            InvocationSamples.PER_MEGA_FUEL,
            t3.issuedAt(),
            t3.issuedAt() + 1,
            1));
    InvocationTicket t4 = market.ticket(market.consumer, "backwards", 9999);
    rejected(
        ErrorCodes.BAD_RECEIPT,
        Receipt.sign(
            market.provider,
            t4,
            InvocationSamples.assignment(market.broker, t4, market.provider, Market.OFFER),
            new byte[0],
            Receipt.OK,
            new Usage(0, 0, 0),
            InvocationSamples.PER_INVOCATION,
            InvocationSamples.PER_MEGA_FUEL,
            t4.issuedAt() + 9,
            t4.issuedAt() + 1,
            2));
    // Placed after the ticket expired, by the broker's own signed word.
    InvocationTicket t5 = market.ticket(market.consumer, "placed-late", 9999);
    rejected(
        ErrorCodes.BAD_RECEIPT,
        InvocationSamples.receipt(
            market.provider,
            t5,
            Assignment.sign(
                market.broker, t5, market.provider.id(), Market.OFFER, t5.expiresAt() + 1),
            InvocationSamples.PER_INVOCATION,
            InvocationSamples.PER_MEGA_FUEL,
            0));
  }

  @Test
  void fuelBeyondTheFunctionVersionsMaxFuelEvenUnderTheTicketsMaxPrice() {
    // Each fuel unit costs 2000 per million: 5000 of it costs 110, far under the ticket's ceiling.
    String capped = Json.write(InvocationSamples.function("capped").withMaxFuel(5_000L));
    market.submit(market.consumer, ctx -> market.functions.registerFunction(ctx, capped));
    InvocationTicket inflated =
        InvocationSamples.ticket(
            market.consumer,
            market.broker,
            "inflated",
            "capped",
            1_000_000,
            market.now(),
            Duration.ofMinutes(1));
    Receipt over = market.receipt(market.provider, Market.OFFER, inflated, 5_001);
    assertEquals(InvocationSamples.amount(5_001), over.amount());
    rejected(ErrorCodes.BAD_RECEIPT, over);
    // Up to the limit it is paid, exhausted fuel included.
    InvocationTicket fair =
        InvocationSamples.ticket(
            market.consumer,
            market.broker,
            "at-limit",
            "capped",
            1_000_000,
            market.now(),
            Duration.ofMinutes(1));
    market.fund(market.consumer, 10_000);
    SettlementResult result =
        Market.read(
            market.settle("at-limit", market.receipt(market.provider, Market.OFFER, fair, 5_000)),
            SettlementResult.class);
    assertEquals(List.of("at-limit"), result.settled());
  }

  @Test
  void aReceiptSettledAfterItsTicketsWindowByTheLedgersClock() {
    Receipt inTime = market.receipt("in-time", 0);
    Receipt late = market.receipt("late", 0);
    // Settled within the window: paid. Past expiry plus the window: refused, whatever the
    // provider's own start and finish times say.
    market.fund(market.consumer, 10_000);
    assertEquals(
        1, Market.read(market.settle("window-1", inTime), SettlementResult.class).settled().size());
    market.advance(
        Duration.ofMillis(
            60_000 + io.edgemarket.model.ledger.Records.MarketConfig.DEFAULT_SETTLEMENT_WINDOW_MS));
    rejected(ErrorCodes.BAD_RECEIPT, late);
  }

  @Test
  void escrowThatRunsOutPartWayThroughABatch() {
    market.fund(market.consumer, 5_000);
    Receipt a = market.receipt("a", 1_000_000);
    Receipt b = market.receipt("b", 1_000_000);
    Receipt c = market.receipt("c", 1_000_000);
    Receipt d = market.receipt("d", 0);
    SettlementResult result = Market.read(market.settle("b", a, b, c, d), SettlementResult.class);
    assertEquals(
        List.of("a", "b", "d"), result.settled(), "the cheap one still fits after the third fails");
    assertEquals(ErrorCodes.INSUFFICIENT_FUNDS, result.rejected().get(0).code());
    assertEquals("c", result.rejected().get(0).invocationId());
    assertEquals(5_000 - 2 * 2100 - 100, market.balance(market.consumer));
    assertEquals(0, market.totalOfAllBalances());
    // The rejected receipt was not consumed: it settles once the consumer is funded.
    market.fund(market.consumer, 5_000);
    assertEquals(
        List.of("c"), Market.read(market.settle("b2", c), SettlementResult.class).settled());
  }
}
