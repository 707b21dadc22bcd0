package io.edgemarket.testing;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Offers, functions, tickets and receipts shaped and signed as the provider agent and the consumer
 * SDK make them, priced at {@value #PER_INVOCATION} per invocation plus {@value #PER_MEGA_FUEL} per
 * million fuel, for a function whose module digest is {@link #DIGEST}. Times are the caller's, so a
 * test on a ledger with its own clock signs work at that clock's time.
 */
public final class InvocationSamples {
  public static final long PER_INVOCATION = 100;
  public static final long PER_MEGA_FUEL = 2_000;
  public static final String DIGEST = Crypto.sha256Hex("(module)");
  public static final byte[] INPUT = "input".getBytes(StandardCharsets.UTF_8);
  public static final byte[] OUTPUT = "output".getBytes(StandardCharsets.UTF_8);

  /** The fuel of a receipt that names none: it costs 100 + 3000 = 3100. */
  public static final long FUEL = 1_500_000;

  private static final Duration DAY = Duration.ofDays(1);
  // One counter for the JVM, as a provider's own is strictly increasing.
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private InvocationSamples() {}

  public static Offer offer(String offerId, long expiresAt) {
    return offer(offerId, PER_INVOCATION, expiresAt);
  }

  /** A Wasm offer in eu-west: 2 CPU, 4 GiB, 8 concurrent, at {@code pricePerInvocation}. */
  public static Offer offer(String offerId, long pricePerInvocation, long expiresAt) {
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
        List.of(FunctionSpec.RUNTIME_WASM),
        List.of(),
        pricePerInvocation,
        PER_MEGA_FUEL,
        expiresAt,
        null,
        0);
  }

  /** An offer live for a day from the wall clock, as {@code offers:PublishOffer} takes it. */
  public static String offerJson(String offerId) {
    return Json.write(offer(offerId, System.currentTimeMillis() + DAY.toMillis()));
  }

  public static FunctionSpec function(String name) {
    return function(name, DIGEST);
  }

  /** A Wasm function: 64 MiB, 5 s, paying at most 1,000,000 per invocation. */
  public static FunctionSpec function(String name, String digest) {
    return new FunctionSpec(
        null,
        name,
        null,
        digest,
        FunctionSpec.RUNTIME_WASM,
        64L << 20,
        5_000,
        TrustLevel.RECEIPT,
        1_000_000,
        0);
  }

  /** {@link #function(String)} as {@code functions:RegisterFunction} takes it. */
  public static String functionJson(String name) {
    return Json.write(function(name));
  }

  /** What an invocation burning {@code fuel} costs at these prices. */
  public static long amount(long fuel) {
    return Pricing.amount(PER_INVOCATION, PER_MEGA_FUEL, fuel);
  }

  /**
   * The consumer's ticket for its {@code function} on {@link #INPUT}, placed through {@code
   * broker}, issued at {@code issuedAt}.
   */
  public static InvocationTicket ticket(
      Identity consumer,
      Identity broker,
      String invocationId,
      String function,
      long maxPrice,
      long issuedAt,
      Duration validFor) {
    return InvocationTicket.issue(
        consumer,
        invocationId,
        broker.id(),
        FunctionSpec.idOf(consumer.id(), function),
        DIGEST,
        INPUT,
        maxPrice,
        issuedAt,
        issuedAt + validFor.toMillis());
  }

  /** The broker's placement of the ticket on {@code provider}'s offer, 1 ms after its issue. */
  public static Assignment assignment(
      Identity broker, InvocationTicket ticket, Identity provider, String offerId) {
    return Assignment.sign(broker, ticket, provider.id(), offerId, ticket.issuedAt() + 1);
  }

  /**
   * A correct receipt: {@code broker} placed the ticket on the provider's offer and the provider
   * ran it, 5 ms after its issue.
   */
  public static Receipt receipt(
      Identity broker, Identity provider, String offerId, InvocationTicket ticket, long fuel) {
    return receipt(
        provider,
        ticket,
        assignment(broker, ticket, provider, offerId),
        PER_INVOCATION,
        PER_MEGA_FUEL,
        fuel);
  }

  /** The provider's receipt for an assigned ticket at the given prices and fuel. */
  public static Receipt receipt(
      Identity provider,
      InvocationTicket ticket,
      Assignment assignment,
      long pricePerInvocation,
      long pricePerMegaFuel,
      long fuel) {
    long start = ticket.issuedAt() + 5;
    return Receipt.sign(
        provider,
        ticket,
        assignment,
        OUTPUT,
        Receipt.OK,
        new Usage(fuel, 1 << 20, 800),
        pricePerInvocation,
        pricePerMegaFuel,
        start,
        start + 3,
        SEQUENCE.incrementAndGet());
  }

  /**
   * A correct receipt burning {@link #FUEL} for a ticket issued now (wall clock) for ten minutes,
   * paying up to 1,000,000: what a live ledger settles.
   */
  public static Receipt receipt(
      Identity broker,
      Identity provider,
      String offerId,
      Identity consumer,
      String function,
      String invocationId) {
    long now = System.currentTimeMillis();
    InvocationTicket ticket =
        ticket(consumer, broker, invocationId, function, 1_000_000, now, Duration.ofMinutes(10));
    return receipt(broker, provider, offerId, ticket, FUEL);
  }

  /** {@code n} such receipts, each for a ticket of its own with a random invocation id. */
  public static List<Receipt> receipts(
      int n,
      Identity broker,
      Identity provider,
      String offerId,
      Identity consumer,
      String function) {
    List<Receipt> receipts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      receipts.add(
          receipt(broker, provider, offerId, consumer, function, UUID.randomUUID().toString()));
    }
    return receipts;
  }

  /** Re-signs an arbitrary (possibly inconsistent) receipt as {@code signer}. */
  public static Receipt signedBy(Identity signer, Receipt receipt) {
    return receipt.withSignature(
        Base64.getEncoder().encodeToString(signer.sign(receipt.signingPayload())));
  }

  /** A batch of the receipts as {@code settlement:SettleBatch} takes it. */
  public static String batchJson(String batchId, List<Receipt> receipts) {
    return Json.write(SettlementBatch.of(batchId, receipts));
  }
}
