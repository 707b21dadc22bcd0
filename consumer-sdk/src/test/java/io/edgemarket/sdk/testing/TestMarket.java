package io.edgemarket.sdk.testing;

import io.edgemarket.model.Assignment;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.Usage;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small market's cast for tests: one CA and the identities {@code up} creates, with helpers to
 * sign tickets and receipts the way a consumer and a provider would. Also writes the data directory
 * layout the CLI reads ({@code ca-cert.pem}, {@code identities/<name>/...}).
 */
public final class TestMarket {
  public static final String MSP = "EdgeMarketMSP";
  public static final long PRICE_PER_INVOCATION = 10;
  public static final long PRICE_PER_MEGA_FUEL = 3;

  public final CertificateAuthority ca = CertificateAuthority.create(MSP);
  public final Identity admin = ca.enroll("admin", Role.ADMIN);
  public final Identity broker = ca.enroll("broker", Role.BROKER);
  public final Identity auditor = ca.enroll("auditor", Role.AUDITOR);
  public final Identity consumer = ca.enroll("consumer", Role.CONSUMER);
  public final Identity provider = ca.enroll("provider-1", Role.PROVIDER);
  private final AtomicLong sequence = new AtomicLong();

  /** Writes the layout {@code ./edgemarket up} leaves in its data directory. */
  public Path writeDataDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("ca-cert.pem"), Pem.encode(ca.certificate()));
    for (Identity identity : new Identity[] {admin, broker, auditor, consumer, provider}) {
      String name = identity.id().substring(0, identity.id().indexOf('@'));
      identity.save(dir.resolve("identities").resolve(name));
    }
    return dir;
  }

  /** A ticket by our consumer for {@code input}, valid for a minute. */
  public InvocationTicket ticket(
      String invocationId, String functionId, String digest, byte[] input, long maxPrice) {
    long now = System.currentTimeMillis();
    return InvocationTicket.issue(
        consumer,
        invocationId,
        broker.id(),
        functionId,
        digest,
        input,
        maxPrice,
        now,
        now + 60_000);
  }

  /** The provider's signed receipt for running {@code ticket} with {@code output}. */
  public Receipt receipt(InvocationTicket ticket, byte[] output, String status, long fuel) {
    return receipt(provider, ticket, output, status, fuel);
  }

  public Receipt receipt(
      Identity signer, InvocationTicket ticket, byte[] output, String status, long fuel) {
    long now = System.currentTimeMillis();
    return Receipt.sign(
        signer,
        ticket,
        Assignment.sign(broker, ticket, signer.id(), "offer-1", now - 2),
        output,
        status,
        new Usage(fuel, 1 << 20, 150),
        PRICE_PER_INVOCATION,
        PRICE_PER_MEGA_FUEL,
        now - 1,
        now,
        sequence.incrementAndGet());
  }
}
