package io.edgemarket.ledger.fabric;

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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Offers, functions, tickets and receipts as the provider agent and consumer SDK make them. */
final class Work {
  static final long PER_INVOCATION = 100;
  static final long PER_MEGA_FUEL = 2_000;
  static final long FUEL = 1_500_000; // 100 + 3000 = 3100 per receipt
  static final String DIGEST = Crypto.sha256Hex("(module)");
  private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis());

  private Work() {}

  static String offer(String offerId) {
    return Json.write(
        new Offer(
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
            System.currentTimeMillis() + 86_400_000,
            null,
            0));
  }

  static String function(String name) {
    return Json.write(
        new FunctionSpec(
            null, name, null, DIGEST, "wasm", 64L << 20, 5_000, TrustLevel.RECEIPT, 1_000_000, 0));
  }

  static long amount() {
    return Pricing.amount(PER_INVOCATION, PER_MEGA_FUEL, FUEL);
  }

  /** A correct receipt: {@code provider} ran the consumer's {@code function} under the offer. */
  static Receipt receipt(
      Identity provider, String offerId, Identity consumer, String function, String id) {
    long now = System.currentTimeMillis();
    InvocationTicket ticket =
        InvocationTicket.issue(
            consumer,
            id,
            FunctionSpec.idOf(consumer.id(), function),
            DIGEST,
            "input".getBytes(StandardCharsets.UTF_8),
            1_000_000,
            now,
            now + 600_000);
    return Receipt.sign(
        provider,
        ticket,
        offerId,
        "output".getBytes(StandardCharsets.UTF_8),
        Receipt.OK,
        new Usage(FUEL, 1 << 20, 800),
        PER_INVOCATION,
        PER_MEGA_FUEL,
        now + 5,
        now + 8,
        SEQUENCE.incrementAndGet());
  }

  static String batch(String batchId, List<Receipt> receipts) {
    return Json.write(SettlementBatch.of(batchId, receipts));
  }
}
