package io.edgemarket.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignedValuesTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  private static final Identity CONSUMER = CA.enroll("consumer", Role.CONSUMER);
  private static final Identity PROVIDER = CA.enroll("provider-1", Role.PROVIDER);
  private static final Identity BROKER = CA.enroll("broker", Role.BROKER);
  private static final byte[] INPUT = "hello".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OUTPUT = "HELLO".getBytes(StandardCharsets.UTF_8);

  private static InvocationTicket ticket() {
    return InvocationTicket.issue(
        CONSUMER,
        "inv-1",
        BROKER.id(),
        "consumer@EdgeMarketMSP/upper",
        "ab".repeat(32),
        INPUT,
        500,
        1,
        100);
  }

  private static Receipt receipt(InvocationTicket ticket) {
    return Receipt.sign(
        PROVIDER,
        ticket,
        Assignment.sign(BROKER, ticket, PROVIDER.id(), "offer-1", 2),
        OUTPUT,
        Receipt.OK,
        new Usage(2_500_000, 65536, 120),
        10,
        3,
        5,
        9,
        1);
  }

  @Test
  void ticketBindsInputWithSaltAndVerifies() {
    InvocationTicket ticket = ticket();
    assertTrue(ticket.verify(CONSUMER.certificate().getPublicKey()));
    assertTrue(ticket.matchesInput(INPUT));
    assertFalse(ticket.matchesInput(OUTPUT));
    assertFalse(ticket.inputDigest().equals(Crypto.sha256Hex(INPUT)), "digest must be salted");
  }

  @Test
  void anyChangedTicketFieldBreaksTheSignature() {
    InvocationTicket ticket = ticket();
    var key = CONSUMER.certificate().getPublicKey();
    InvocationTicket pricier =
        new InvocationTicket(
            ticket.invocationId(),
            ticket.consumerId(),
            ticket.brokerId(),
            ticket.functionId(),
            ticket.functionDigest(),
            ticket.salt(),
            ticket.inputDigest(),
            ticket.maxPrice() + 1,
            ticket.issuedAt(),
            ticket.expiresAt(),
            ticket.signature());
    assertFalse(pricier.verify(key));
    assertFalse(ticket.verify(PROVIDER.certificate().getPublicKey()));
    assertFalse(ticket.withSignature("not base64!").verify(key));
  }

  @Test
  void receiptComputesAmountAndCoversTicketAndOutput() {
    Receipt receipt = receipt(ticket());
    assertEquals(10 + 8, receipt.amount(), "2.5 Mfuel at 3 per Mfuel rounds up to 8");
    assertTrue(receipt.verify(PROVIDER.certificate().getPublicKey()));
    assertTrue(receipt.amountIsConsistent());
    assertTrue(receipt.matchesOutput(OUTPUT));
    assertFalse(receipt.matchesOutput(INPUT));
  }

  @Test
  void receiptSignatureCoversTheTicketSignature() {
    InvocationTicket ticket = ticket();
    Receipt receipt = receipt(ticket);
    Receipt swapped =
        new Receipt(
            ticket().withSignature(ticket.signature()),
            receipt.assignment(),
            receipt.providerId(),
            receipt.offerId(),
            receipt.outputDigest(),
            receipt.status(),
            receipt.usage(),
            receipt.pricePerInvocation(),
            receipt.pricePerMegaFuel(),
            receipt.amount(),
            receipt.startedAt(),
            receipt.finishedAt(),
            receipt.sequence(),
            receipt.signature());
    assertFalse(swapped.verify(PROVIDER.certificate().getPublicKey()));
  }

  @Test
  void anAssignmentBindsOneTicketToOneOfferAndTheReceiptCoversIt() {
    InvocationTicket ticket = ticket();
    Receipt receipt = receipt(ticket);
    Assignment assignment = receipt.assignment();
    assertTrue(assignment.verify(BROKER.certificate().getPublicKey()));
    assertTrue(assignment.isFor(ticket));
    assertFalse(assignment.isFor(ticket()), "another ticket with the same id");
    assertFalse(assignment.verify(PROVIDER.certificate().getPublicKey()));
    Assignment moved =
        new Assignment(
            assignment.invocationId(),
            assignment.ticketDigest(),
            assignment.brokerId(),
            "provider-2@EdgeMarketMSP",
            assignment.offerId(),
            assignment.assignedAt(),
            assignment.replica(),
            assignment.signature());
    assertFalse(moved.verify(BROKER.certificate().getPublicKey()));
    Receipt reassigned =
        new Receipt(
            receipt.ticket(),
            Assignment.sign(BROKER, ticket, PROVIDER.id(), "offer-2", 3),
            receipt.providerId(),
            receipt.offerId(),
            receipt.outputDigest(),
            receipt.status(),
            receipt.usage(),
            receipt.pricePerInvocation(),
            receipt.pricePerMegaFuel(),
            receipt.amount(),
            receipt.startedAt(),
            receipt.finishedAt(),
            receipt.sequence(),
            receipt.signature());
    assertFalse(reassigned.verify(PROVIDER.certificate().getPublicKey()));
  }

  @Test
  void inflatedAmountIsInconsistentAndUnsigned() {
    Receipt receipt = receipt(ticket());
    Receipt inflated =
        new Receipt(
            receipt.ticket(),
            receipt.assignment(),
            receipt.providerId(),
            receipt.offerId(),
            receipt.outputDigest(),
            receipt.status(),
            receipt.usage(),
            receipt.pricePerInvocation(),
            receipt.pricePerMegaFuel(),
            receipt.amount() + 1,
            receipt.startedAt(),
            receipt.finishedAt(),
            receipt.sequence(),
            receipt.signature());
    assertFalse(inflated.amountIsConsistent());
    assertFalse(inflated.verify(PROVIDER.certificate().getPublicKey()));
  }

  @Test
  void receiptSurvivesJsonRoundTripWithSignatureIntact() {
    Receipt receipt = receipt(ticket());
    Receipt back = Json.read(Json.write(receipt), Receipt.class);
    assertEquals(receipt, back);
    assertTrue(back.verify(PROVIDER.certificate().getPublicKey()));
  }

  @Test
  void jsonRejectsUnknownFields() {
    String json = Json.write(new Usage(1, 2, 3)).replace("}", ",\"fule\":5}");
    var error =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> Json.read(json, Usage.class));
    assertTrue(error.getMessage().contains("fule"), error.getMessage());
  }
}
