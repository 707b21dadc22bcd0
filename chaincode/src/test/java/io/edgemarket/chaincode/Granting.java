package io.edgemarket.chaincode;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.testing.InvocationSamples;

/**
 * Grants on a {@link Market} trading echo: published by their consumer for its own echo, fired by
 * the market's broker, run by provider-1 under {@link Market#OFFER}.
 */
final class Granting {
  static final String KEY = "route-key";

  private final Market market;

  Granting(Market market) {
    this.market = market;
  }

  /**
   * {@code consumer}'s grant for its echo through the market's broker, valid for a day from now.
   */
  Grant grant(
      Identity consumer, String grantId, long maxPricePerCall, long maxCalls, long maxSpend) {
    return grant(
        consumer, grantId, GrantTrigger.route("sensor", KEY), maxPricePerCall, maxCalls, maxSpend);
  }

  /** As {@link #grant(Identity, String, long, long, long)} fired by {@code trigger}. */
  Grant grant(
      Identity consumer,
      String grantId,
      String trigger,
      long maxPricePerCall,
      long maxCalls,
      long maxSpend) {
    return Grant.sign(
        consumer,
        grantId,
        FunctionSpec.idOf(consumer.id(), "echo"),
        InvocationSamples.DIGEST,
        market.broker.id(),
        trigger,
        maxPricePerCall,
        maxCalls,
        maxSpend,
        market.now(),
        market.now() + 86_400_000);
  }

  GrantStatus publish(Grant grant) {
    String json = Json.write(grant);
    return Market.read(
        market.submit(
            market.consumer.id().equals(grant.consumerId()) ? market.consumer : market.consumer2,
            ctx -> market.grants.publishGrant(ctx, json)),
        GrantStatus.class);
  }

  GrantStatus status(String grantId) {
    return Market.read(
        market.evaluate(market.auditor, ctx -> market.grants.getGrant(ctx, grantId)),
        GrantStatus.class);
  }

  /** The broker's ticket for one firing, issued now, valid for a minute. */
  InvocationTicket fire(Grant grant, String invocationId, long maxPrice) {
    return fire(grant, invocationId, maxPrice, market.now());
  }

  InvocationTicket fire(Grant grant, String invocationId, long maxPrice, long issuedAt) {
    return InvocationTicket.fire(
        market.broker,
        grant,
        invocationId,
        InvocationSamples.INPUT,
        maxPrice,
        issuedAt,
        issuedAt + 60_000);
  }

  /** provider-1's receipt for a run of {@code ticket} burning {@code fuel}. */
  Receipt receipt(InvocationTicket ticket, long fuel) {
    return market.receipt(market.provider, Market.OFFER, ticket, fuel);
  }
}
