package io.edgemarket.chaincode;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Offers, functions, tickets and receipts as the provider agent and consumer SDK make them, priced
 * at 100 per invocation plus 2000 per million fuel.
 */
final class Work {
  static final long PER_INVOCATION = 100;
  static final long PER_MEGA_FUEL = 2_000;
  static final String DIGEST = Crypto.sha256Hex("(module)");
  static final String OFFER = "offer-1";

  private final Market market;
  private long sequence;

  Work(Market market) {
    this.market = market;
  }

  static Offer offer(String offerId, long expiresAt) {
    return new Offer(
        offerId,
        null,
        "https://edge.example:8443",
        "eu-west",
        48_856_600,
        2_352_200,
        2000,
        4096,
        8,
        List.of("wasm"),
        List.of(),
        PER_INVOCATION,
        PER_MEGA_FUEL,
        expiresAt,
        null,
        0);
  }

  static FunctionSpec function(String name, String digest) {
    return new FunctionSpec(
        null, name, null, digest, "wasm", 64L << 20, 5_000, TrustLevel.RECEIPT, 1_000_000, 0);
  }

  /** Publishes {@link #OFFER} for provider-1 and registers consumer-1's {@code echo}. */
  Work setUp() {
    long expires = market.now() + 86_400_000;
    market.submit(
        market.provider, ctx -> market.offers.publishOffer(ctx, Json.write(offer(OFFER, expires))));
    market.submit(
        market.provider2,
        ctx -> market.offers.publishOffer(ctx, Json.write(offer("offer-2", expires))));
    registerFunction(market.consumer, "echo");
    registerFunction(market.consumer2, "echo");
    return this;
  }

  String registerFunction(Identity owner, String name) {
    String spec = Json.write(function(name, DIGEST));
    market.submit(owner, ctx -> market.functions.registerFunction(ctx, spec));
    return FunctionSpec.idOf(owner.id(), name);
  }

  static long amount(long fuel) {
    return PER_INVOCATION + (fuel * PER_MEGA_FUEL + 999_999) / 1_000_000;
  }

  InvocationTicket ticket(Identity consumer, String invocationId, long maxPrice) {
    long now = market.now();
    return InvocationTicket.issue(
        consumer,
        invocationId,
        FunctionSpec.idOf(consumer.id(), "echo"),
        DIGEST,
        "input".getBytes(StandardCharsets.UTF_8),
        maxPrice,
        now,
        now + 60_000);
  }

  /** A correct receipt: provider-1 ran consumer-1's echo under offer-1. */
  Receipt receipt(String invocationId, long fuel) {
    return receipt(market.provider, OFFER, ticket(market.consumer, invocationId, 1_000_000), fuel);
  }

  Receipt receipt(Identity provider, String offerId, InvocationTicket ticket, long fuel) {
    long start = ticket.issuedAt() + 5;
    return Receipt.sign(
        provider,
        ticket,
        offerId,
        "output".getBytes(StandardCharsets.UTF_8),
        Receipt.OK,
        new Usage(fuel, 1 << 20, 800),
        PER_INVOCATION,
        PER_MEGA_FUEL,
        start,
        start + 3,
        ++sequence);
  }

  /** Re-signs an arbitrary (possibly inconsistent) receipt as {@code signer}. */
  static Receipt signedBy(Identity signer, Receipt receipt) {
    return receipt.withSignature(
        Base64.getEncoder().encodeToString(signer.sign(receipt.signingPayload())));
  }

  static String batch(String batchId, Receipt... receipts) {
    return Json.write(SettlementBatch.of(batchId, List.of(receipts)));
  }

  String settle(String batchId, Receipt... receipts) {
    String json = batch(batchId, receipts);
    return market.submit(market.broker, ctx -> market.settlement.settleBatch(ctx, json));
  }
}
