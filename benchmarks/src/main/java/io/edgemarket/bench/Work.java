package io.edgemarket.bench;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Offers, functions, tickets and receipts shaped as the agent and the SDK make them. */
final class Work {
  static final long PER_INVOCATION = 100;
  static final long PER_MEGA_FUEL = 2_000;
  static final String DIGEST = Crypto.sha256Hex("(module)");
  static final byte[] INPUT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private long sequence;

  static Offer offer(String offerId, long pricePerInvocation, long expiresAt) {
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

  static FunctionSpec function(String name) {
    return new FunctionSpec(
        null,
        name,
        null,
        DIGEST,
        FunctionSpec.RUNTIME_WASM,
        64L << 20,
        5_000,
        TrustLevel.RECEIPT,
        1_000_000,
        0);
  }

  static InvocationTicket ticket(Identity consumer, String functionName) {
    long now = System.currentTimeMillis();
    return InvocationTicket.issue(
        consumer,
        UUID.randomUUID().toString(),
        FunctionSpec.idOf(consumer.id(), functionName),
        DIGEST,
        INPUT,
        1_000_000,
        now,
        now + 3_600_000);
  }

  Receipt receipt(Identity provider, String offerId, InvocationTicket ticket) {
    long start = ticket.issuedAt() + 5;
    return Receipt.sign(
        provider,
        ticket,
        offerId,
        INPUT,
        Receipt.OK,
        new Usage(1_500, 1 << 20, 40),
        PER_INVOCATION,
        PER_MEGA_FUEL,
        start,
        start + 1,
        ++sequence);
  }

  /** {@code n} fresh receipts: consumer's {@code functionName}, run by provider under offerId. */
  List<Receipt> receipts(
      int n, Identity consumer, String functionName, Identity provider, String offerId) {
    List<Receipt> receipts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      receipts.add(receipt(provider, offerId, ticket(consumer, functionName)));
    }
    return receipts;
  }
}
