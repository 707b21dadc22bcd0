package io.edgemarket.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GrantTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  private static final Identity CONSUMER = CA.enroll("consumer", Role.CONSUMER);
  private static final Identity OTHER = CA.enroll("other", Role.CONSUMER);
  private static final Identity BROKER = CA.enroll("broker", Role.BROKER);
  private static final String FUNCTION = "consumer@EdgeMarketMSP/upper";
  private static final String DIGEST = "ab".repeat(32);
  private static final byte[] INPUT = "hello".getBytes(StandardCharsets.UTF_8);

  private static Grant grant() {
    return Grant.sign(
        CONSUMER,
        "g-1",
        FUNCTION,
        DIGEST,
        BROKER.id(),
        GrantTrigger.route("sensor", "k"),
        500,
        10,
        2000,
        100,
        10_000);
  }

  @Test
  void aGrantVerifiesWithItsConsumersKeyOnlyAndAnyChangedTermBreaksIt() {
    Grant grant = grant();
    assertEquals(CONSUMER.id(), grant.consumerId());
    assertTrue(grant.verify(CONSUMER.certificate().getPublicKey()));
    assertFalse(grant.verify(OTHER.certificate().getPublicKey()));
    Grant raised =
        new Grant(
            grant.grantId(),
            grant.consumerId(),
            grant.functionId(),
            grant.functionDigest(),
            grant.brokerId(),
            grant.trigger(),
            grant.maxPricePerCall(),
            grant.maxCalls() + 1,
            grant.maxSpend(),
            grant.notBefore(),
            grant.notAfter(),
            grant.signature());
    assertFalse(raised.verify(CONSUMER.certificate().getPublicKey()));
    assertEquals(grant, Json.read(Json.write(grant), Grant.class));
  }

  @Test
  void anOrdinaryTicketSignsTheBytesItAlwaysDidAndOmitsTheGrantInJson() {
    InvocationTicket ticket =
        InvocationTicket.issue(CONSUMER, "inv-1", BROKER.id(), FUNCTION, DIGEST, INPUT, 5, 1, 9);
    String payload = new String(ticket.signingPayload(), StandardCharsets.UTF_8);
    assertEquals(11, payload.split("\n", -1).length);
    assertTrue(payload.endsWith("\n5\n1\n9"), payload);
    assertFalse(Json.write(ticket).contains("grantId"));
    assertFalse(ticket.firedUnderGrant());
    assertEquals(ticket, Json.read(Json.write(ticket), InvocationTicket.class));
  }

  @Test
  void aFiringIsSignedByTheBrokerNamesTheGrantAndIsWithinItsTerms() {
    Grant grant = grant();
    InvocationTicket ticket = InvocationTicket.fire(BROKER, grant, "r-1", INPUT, 500, 200, 300);
    assertTrue(ticket.firedUnderGrant());
    assertEquals(CONSUMER.id(), ticket.consumerId());
    assertTrue(ticket.verify(BROKER.certificate().getPublicKey()));
    assertFalse(ticket.verify(CONSUMER.certificate().getPublicKey()));
    assertTrue(new String(ticket.signingPayload(), StandardCharsets.UTF_8).endsWith("\ng-1"));
    assertTrue(ticket.matchesInput(INPUT));
    assertNull(grant.termsProblem(ticket));
    InvocationTicket back = Json.read(Json.write(ticket), InvocationTicket.class);
    assertEquals(ticket, back);
    assertTrue(back.verify(BROKER.certificate().getPublicKey()));

    // Dropping the grant id from a broker-signed ticket breaks its signature.
    InvocationTicket stripped =
        new InvocationTicket(
            ticket.invocationId(),
            ticket.consumerId(),
            ticket.brokerId(),
            ticket.functionId(),
            ticket.functionDigest(),
            ticket.salt(),
            ticket.inputDigest(),
            ticket.maxPrice(),
            ticket.issuedAt(),
            ticket.expiresAt(),
            ticket.signature());
    assertFalse(stripped.verify(BROKER.certificate().getPublicKey()));
  }

  @Test
  void aConsumersStatementNeverStandsForATicketFiredUnderAGrant() {
    InvocationTicket fired = InvocationTicket.fire(BROKER, grant(), "r-1", INPUT, 5, 200, 300);
    InvocationTicket ordinary =
        InvocationTicket.issue(CONSUMER, "inv", BROKER.id(), FUNCTION, DIGEST, INPUT, 5, 200, 300);
    Statement statement =
        Statement.sign(
            Statement.TICKETS,
            CONSUMER,
            "s-1",
            java.util.List.of(fired.leafHash(), ordinary.leafHash()));
    StatementCover cover =
        StatementCover.verify(
            java.util.List.of(statement), (id, role) -> CONSUMER.certificate().getPublicKey());
    assertTrue(cover.coversTicket(ordinary));
    assertFalse(cover.coversTicket(fired));
  }

  @Test
  void termsRefuseAnotherFunctionBrokerTimeOrPrice() {
    Grant grant = grant();
    assertNotNull(
        grant.termsProblem(InvocationTicket.fire(BROKER, grant, "r", INPUT, 501, 200, 300)));
    assertNotNull(
        grant.termsProblem(InvocationTicket.fire(BROKER, grant, "r", INPUT, 5, 10_001, 10_002)));
    assertNotNull(grant.termsProblem(InvocationTicket.fire(BROKER, grant, "r", INPUT, 5, 99, 300)));
    assertNotNull(
        grant.termsProblem(InvocationTicket.fire(OTHER, grant, "r", INPUT, 5, 200, 300)),
        "signed as another broker, it names that broker");
    InvocationTicket ordinary =
        InvocationTicket.issue(CONSUMER, "inv", BROKER.id(), FUNCTION, DIGEST, INPUT, 5, 200, 300);
    assertNotNull(grant.termsProblem(ordinary));
  }

  @Test
  void aRouteTriggerHoldsTheKeysHashAndAcceptsOnlyThatKey() {
    String key = GrantTrigger.newRouteKey();
    assertEquals(43, key.length());
    GrantTrigger trigger = GrantTrigger.parse(GrantTrigger.route("sensor-1", key));
    assertNull(trigger.problem());
    assertEquals("sensor-1", trigger.routeName());
    assertFalse(trigger.spec().contains(key));
    assertTrue(trigger.acceptsKey(key));
    assertFalse(trigger.acceptsKey(key + "x"));
    assertFalse(trigger.acceptsKey(null));
    assertNull(GrantTrigger.parse("cron:* * * * *").problem());
    assertNotNull(GrantTrigger.parse("mqtt:tcp://m#t").problem());
    assertNotNull(GrantTrigger.parse("route:bad name#" + "a".repeat(64)).problem());
    assertNotNull(GrantTrigger.parse("route:name#short").problem());
    assertThrows(IllegalArgumentException.class, () -> GrantTrigger.route("/x", key));
    assertThrows(IllegalArgumentException.class, () -> GrantTrigger.parse("nokind"));
  }
}
