package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.RawLink;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Role;
import io.edgemarket.model.Statement;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker keeps a statement (issue 11) only when it speaks for the party that sent it and
 * verifies with the key that party authenticated with: a broker that carried a stranger's statement
 * to the ledger could be made to vouch for nothing, and the ledger would ignore it anyway.
 * Consumers hear of a refused statement (400); agents' are dropped and counted.
 */
class StatementIntakeTest {
  @TempDir Path dir;
  private TestMarket market;
  private Identity bob;

  @BeforeEach
  void start() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(100));
    bob = market.ca.enroll("bob", Role.CONSUMER);
    market.register(bob);
  }

  @AfterEach
  void stop() {
    market.close();
  }

  @Test
  void aConsumersOwnStatementOfTicketsIsAcceptedAndAnyOtherRefused() {
    SignedClient alice = market.client(market.consumer);
    SignedClient mallory = market.client(bob);
    Statement own = tickets(market.consumer, market.consumer.id());

    SignedClient.Response accepted = alice.post("/api/v1/statements", own);
    assertEquals(202, accepted.status(), accepted::text);
    assertEquals("{\"tickets\":1}", accepted.text());

    // bob hands in alice's genuine statement, then one he signed in her name, then one of
    // receipts: none is his own statement of tickets.
    for (Statement foreign :
        List.of(own, tickets(bob, market.consumer.id()), receipts(bob, bob.id()))) {
      SignedClient.Response refused = mallory.post("/api/v1/statements", foreign);
      assertEquals(400, refused.status(), refused::text);
      assertEquals(ErrorCodes.BAD_SIGNATURE, refused.error().code());
    }
    assertTrue(metrics().contains("edgemarket_statements_total{outcome=\"accepted\"} 1.0"));
    assertTrue(metrics().contains("edgemarket_statements_total{outcome=\"refused\"} 3.0"));
  }

  @Test
  void anInvocationCarryingAStatementNotTheCallersIsRefusedAndChargesNothing() throws Exception {
    FakeAgent agent = market.provider("p-1", 10, 1);
    market.awaitServing(agent);
    FunctionSpec function = market.deploy(market.consumer, "echo", 5_000);
    market.fund(market.consumer, 100_000);
    long before = market.balance(market.consumer.id());
    InvocationRequest plain = market.request(function, bytes("in"), 1_000);
    InvocationRequest forged =
        new InvocationRequest(plain.ticket(), plain.input(), null, tickets(bob, bob.id()));

    SignedClient.Response refused =
        market.client(market.consumer).post("/api/v1/invocations", forged);

    assertEquals(400, refused.status(), refused::text);
    assertEquals(ErrorCodes.BAD_SIGNATURE, refused.error().code());
    assertEquals(0, agent.calls(), "nothing ran");
    market.awaitSettlementIdle();
    assertEquals(before, market.balance(market.consumer.id()), "nothing charged");
  }

  @Test
  void anAgentsStatementInAnotherProvidersNameIsDroppedAndTheLinkStaysUp() throws Exception {
    Identity provider = market.ca.enroll("p-link", Role.PROVIDER);
    market.register(provider);
    try (RawLink link = welcomed(provider)) {
      link.send(LinkFrame.statement(receipts(provider, "someone-else")));
      link.send(LinkFrame.statement(receipts(provider, provider.id())));
      Await.until(
          "the agent's own statement is kept",
          () -> metrics().contains("edgemarket_statements_total{outcome=\"accepted\"} 1.0"));
      assertTrue(metrics().contains("edgemarket_statements_total{outcome=\"refused\"} 1.0"));
      assertFalse(link.isClosed(), "a dropped statement costs the agent nothing else");
    }
  }

  /** A statement of one made-up ticket leaf, signed by {@code signer}, claimed for {@code id}. */
  private static Statement tickets(Identity signer, String id) {
    return claimedFor(Statement.sign(Statement.TICKETS, signer, "s-1", List.of(leaf())), id);
  }

  private static Statement receipts(Identity signer, String id) {
    return claimedFor(Statement.sign(Statement.RECEIPTS, signer, "r-1", List.of(leaf())), id);
  }

  private static Statement claimedFor(Statement s, String id) {
    return new Statement(s.kind(), id, s.statementId(), s.leaves(), s.signature());
  }

  private static byte[] leaf() {
    return io.edgemarket.model.crypto.Crypto.sha256(bytes("a ticket"));
  }

  private String metrics() {
    return market.client(market.auditor).get("/metrics").text();
  }

  private RawLink welcomed(Identity provider) throws Exception {
    return RawLink.welcomed(market.broker().url(), provider, market.brokerId.id());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
