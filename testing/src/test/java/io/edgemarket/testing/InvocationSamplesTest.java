package io.edgemarket.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvocationSamplesTest {
  private final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
  private final Identity consumer = ca.enroll("consumer-1", Role.CONSUMER);
  private final Identity provider = ca.enroll("provider-1", Role.PROVIDER);
  private final Identity broker = ca.enroll("broker", Role.BROKER);

  @Test
  void receiptsAreSignedOverTheConsumersTicketAtTheStatedPrices() {
    InvocationTicket ticket =
        InvocationSamples.ticket(
            consumer, broker, "inv-1", "echo", 5_000, 1_000, Duration.ofMinutes(1));
    assertTrue(ticket.verify(consumer.certificate().getPublicKey()));
    assertEquals(FunctionSpec.idOf(consumer.id(), "echo"), ticket.functionId());
    assertEquals(61_000, ticket.expiresAt());
    assertTrue(ticket.matchesInput(InvocationSamples.INPUT));
    assertEquals(broker.id(), ticket.brokerId());

    Receipt receipt = InvocationSamples.receipt(broker, provider, "offer-1", ticket, 1_500_000);
    assertTrue(receipt.assignment().verify(broker.certificate().getPublicKey()));
    assertTrue(receipt.assignment().isFor(ticket));
    assertTrue(receipt.verify(provider.certificate().getPublicKey()));
    assertEquals(100 + 3_000, receipt.amount());
    assertEquals(InvocationSamples.amount(1_500_000), receipt.amount());
    assertEquals(1_005, receipt.startedAt());
  }

  @Test
  void reSigningMakesAReceiptTheSignersAndNoLongerTheProviders() {
    Receipt honest =
        InvocationSamples.receipt(broker, provider, "offer-1", consumer, "echo", "inv-2");
    assertEquals(3_100, honest.amount());
    Identity other = ca.enroll("provider-2", Role.PROVIDER);
    Receipt forged = InvocationSamples.signedBy(other, honest);
    assertTrue(forged.verify(other.certificate().getPublicKey()));
    assertFalse(forged.verify(provider.certificate().getPublicKey()));
  }
}
