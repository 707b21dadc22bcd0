package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.model.ledger.Records.SettlementResult;
import io.edgemarket.testing.InvocationSamples;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Receipts of runs fired under a grant (docs/triggers.md): paid from the grant's consumer when the
 * broker signed the ticket and the grant covers it, and each attack on that refused with nothing
 * moved and money conserved.
 */
class SettlementGrantsTest {
  private static final long PRICE = InvocationSamples.amount(0);

  private final Market market = new Market().trading();
  private final Granting granting = new Granting(market);

  @Test
  void aFiringCoveredByItsGrantIsPaidFromTheConsumerAndCounted() {
    market.fund(market.consumer, 100_000);
    Grant grant = granting.grant(market.consumer, "g-ok", 1_000, 5, 10_000);
    granting.publish(grant);
    long before = market.balance(market.consumer);

    SettlementResult result = settle("ok", granting.receipt(granting.fire(grant, "f-1", 1_000), 0));

    assertEquals(List.of("f-1"), result.settled());
    assertEquals(before - PRICE, market.balance(market.consumer));
    GrantStatus status = granting.status("g-ok");
    assertEquals(1, status.calls());
    assertEquals(PRICE, status.spend());
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void aTicketNamingAnotherConsumersGrantIsRefused() {
    Grant theirs = granting.grant(market.consumer2, "g-theirs", 1_000, 5, 10_000);
    granting.publish(theirs);
    // The same grant id, in consumer-1's name: the broker cannot make consumer-1 pay under it.
    Grant borrowed =
        new Grant(
            theirs.grantId(),
            market.consumer.id(),
            theirs.functionId(),
            theirs.functionDigest(),
            theirs.brokerId(),
            theirs.trigger(),
            theirs.maxPricePerCall(),
            theirs.maxCalls(),
            theirs.maxSpend(),
            theirs.notBefore(),
            theirs.notAfter(),
            theirs.signature());
    refused(ErrorCodes.BAD_RECEIPT, granting.receipt(granting.fire(borrowed, "x-1", 1_000), 0));
  }

  @Test
  void aTicketNamingNoPublishedGrantIsRefused() {
    Grant unpublished = granting.grant(market.consumer, "g-none", 1_000, 5, 10_000);
    refused(ErrorCodes.NOT_FOUND, granting.receipt(granting.fire(unpublished, "n-1", 1_000), 0));
  }

  @Test
  void anOrdinaryTicketReSignedByTheBrokerWithoutAGrantIsRefused() {
    InvocationTicket ticket = market.ticket(market.consumer, "b-1", 1_000_000);
    InvocationTicket brokers =
        ticket.withSignature(
            Base64.getEncoder().encodeToString(market.broker.sign(ticket.signingPayload())));
    refused(ErrorCodes.BAD_SIGNATURE, granting.receipt(brokers, 0));
  }

  @Test
  void aGrantTicketSignedByTheConsumerOrAnotherBrokerIsRefused() {
    Grant grant = granting.grant(market.consumer, "g-sig", 1_000, 5, 10_000);
    granting.publish(grant);
    InvocationTicket fired = granting.fire(grant, "s-1", 1_000);
    InvocationTicket byConsumer =
        fired.withSignature(
            Base64.getEncoder().encodeToString(market.consumer.sign(fired.signingPayload())));
    refused(ErrorCodes.BAD_SIGNATURE, granting.receipt(byConsumer, 0));
    Identity broker2 = market.enroll("broker-2", Role.BROKER);
    market.register(broker2);
    InvocationTicket fired2 = granting.fire(grant, "s-2", 1_000);
    InvocationTicket byBroker2 =
        fired2.withSignature(
            Base64.getEncoder().encodeToString(broker2.sign(fired2.signingPayload())));
    refused(ErrorCodes.BAD_SIGNATURE, granting.receipt(byBroker2, 0));
  }

  @Test
  void firingsPastMaxCallsArePaidUpToItAndNoFurtherInThisBatchOrTheNext() {
    market.fund(market.consumer, 100_000);
    Grant grant = granting.grant(market.consumer, "g-calls", 1_000, 2, 10_000);
    granting.publish(grant);
    long before = market.balance(market.consumer);
    SettlementResult first =
        settle(
            "calls",
            granting.receipt(granting.fire(grant, "c-1", 1_000), 0),
            granting.receipt(granting.fire(grant, "c-2", 1_000), 0),
            granting.receipt(granting.fire(grant, "c-3", 1_000), 0));
    assertEquals(List.of("c-1", "c-2"), first.settled());
    assertEquals(ErrorCodes.GRANT_EXHAUSTED, first.rejected().get(0).code());
    assertEquals(before - 2 * PRICE, market.balance(market.consumer));
    refused(ErrorCodes.GRANT_EXHAUSTED, granting.receipt(granting.fire(grant, "c-4", 1_000), 0));
    assertEquals(2, granting.status("g-calls").calls());
  }

  /** A schedule's firings are tickets under its grant like a route's: the same counters bind. */
  @Test
  void aScheduleIsPaidWithinMaxCallsAndMaxSpendAndRefusedPastThem() {
    market.fund(market.consumer, 100_000);
    String everySecond = GrantTrigger.cron("*/1 * * * * *", "tick".getBytes(UTF_8));
    Grant calls = granting.grant(market.consumer, "g-cron", everySecond, 1_000, 3, 10_000);
    granting.publish(calls);
    long before = market.balance(market.consumer);
    SettlementResult paid =
        settle(
            "cron",
            granting.receipt(granting.fire(calls, "t-1", 1_000), 0),
            granting.receipt(granting.fire(calls, "t-2", 1_000), 0),
            granting.receipt(granting.fire(calls, "t-3", 1_000), 0));
    assertEquals(List.of("t-1", "t-2", "t-3"), paid.settled());
    assertEquals(before - 3 * PRICE, market.balance(market.consumer));
    refused(ErrorCodes.GRANT_EXHAUSTED, granting.receipt(granting.fire(calls, "t-4", 1_000), 0));
    assertEquals(3, granting.status("g-cron").calls());

    Grant spend =
        granting.grant(market.consumer, "g-cron-spend", everySecond, 1_000, 100, 2 * PRICE);
    granting.publish(spend);
    settle(
        "cron-spend",
        granting.receipt(granting.fire(spend, "u-1", 1_000), 0),
        granting.receipt(granting.fire(spend, "u-2", 1_000), 0));
    refused(ErrorCodes.GRANT_EXHAUSTED, granting.receipt(granting.fire(spend, "u-3", 1_000), 0));
    assertEquals(2 * PRICE, granting.status("g-cron-spend").spend());
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void aFiringPastMaxSpendIsRefused() {
    Grant grant = granting.grant(market.consumer, "g-spend", 1_000, 10, PRICE + PRICE / 2);
    granting.publish(grant);
    market.fund(market.consumer, 100_000);
    settle("spend", granting.receipt(granting.fire(grant, "m-1", 1_000), 0));
    refused(ErrorCodes.GRANT_EXHAUSTED, granting.receipt(granting.fire(grant, "m-2", 1_000), 0));
    assertEquals(PRICE, granting.status("g-spend").spend());
  }

  @Test
  void aFiringOutsideTheWindowAboveTheCeilingOrOfAnotherFunctionIsRefused() {
    Grant grant = granting.grant(market.consumer, "g-terms", 1_000, 10, 10_000);
    granting.publish(grant);
    refused(
        ErrorCodes.BAD_RECEIPT,
        granting.receipt(granting.fire(grant, "w-1", 1_000, grant.notAfter() + 1), 0));
    refused(
        ErrorCodes.BAD_RECEIPT,
        granting.receipt(granting.fire(grant, "w-2", 1_000, grant.notBefore() - 1), 0));
    refused(ErrorCodes.BAD_RECEIPT, granting.receipt(granting.fire(grant, "p-1", 1_001), 0));
    Grant otherFunction =
        new Grant(
            grant.grantId(),
            grant.consumerId(),
            grant.functionId() + "2",
            grant.functionDigest(),
            grant.brokerId(),
            grant.trigger(),
            grant.maxPricePerCall(),
            grant.maxCalls(),
            grant.maxSpend(),
            grant.notBefore(),
            grant.notAfter(),
            grant.signature());
    refused(ErrorCodes.BAD_RECEIPT, granting.receipt(granting.fire(otherFunction, "o-1", 1), 0));
  }

  @Test
  void aRevokedGrantPaysNothingMore() {
    Grant grant = granting.grant(market.consumer, "g-rev", 1_000, 10, 10_000);
    granting.publish(grant);
    InvocationTicket fired = granting.fire(grant, "r-1", 1_000);
    market.submit(market.consumer, ctx -> market.grants.revokeGrant(ctx, "g-rev"));
    refused(ErrorCodes.GRANT_REVOKED, granting.receipt(fired, 0));
  }

  @Test
  void aRedundantRunOfAFiringIsNotPaid() {
    Grant grant = granting.grant(market.consumer, "g-red", 1_000, 10, 10_000);
    granting.publish(grant);
    InvocationTicket fired = granting.fire(grant, "d-1", 1_000);
    Assignment replica =
        Assignment.sign(
            market.broker, fired, market.provider.id(), Market.OFFER, fired.issuedAt(), 1);
    Receipt run =
        InvocationSamples.receipt(
            market.provider,
            fired,
            replica,
            InvocationSamples.PER_INVOCATION,
            InvocationSamples.PER_MEGA_FUEL,
            0);
    market.fund(market.consumer, 100_000);
    long before = market.balance(market.consumer);
    SettlementResult result = settle("red", run);
    assertEquals(List.of(), result.settled());
    assertEquals(ErrorCodes.BAD_RECEIPT, result.rejected().get(0).code());
    assertTrue(result.rejected().get(0).message().contains("primary run only"));
    assertEquals(before, market.balance(market.consumer));
  }

  /** Settles {good, bad}: bad refused with {@code code}, only good paid, money conserved. */
  private void refused(String code, Receipt bad) {
    new Rejections(market).rejected(code, bad);
  }

  private SettlementResult settle(String batchId, Receipt... receipts) {
    String json = Json.write(SettlementBatch.signed(batchId, List.of(receipts), market.broker));
    return Market.read(
        market.submit(market.broker, ctx -> market.settlement.settleBatch(ctx, json)),
        SettlementResult.class);
  }
}
