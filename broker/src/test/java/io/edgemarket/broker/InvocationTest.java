package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The invocation path end to end over real HTTP: results, money, and every refusal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvocationTest {
  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private FunctionSpec echo;
  private SignedClient alice;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    agent = market.provider("p1", 40, 10);
    echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    alice = market.client(market.consumer);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void happyPathReturnsOutputAndCostAndSettlesExactly() throws Exception {
    market.awaitSettlementIdle();
    String providerId = agent.identity().id();
    long consumerBefore = market.balance(market.consumer.id());
    long providerBefore = market.balance(providerId);
    long brokerBefore = market.balance(market.brokerId.id());

    InvocationRequest request = market.request(echo, bytes("hello edge"), 100);
    SignedClient.Response response = alice.post("/api/v1/invocations", request);

    assertEquals(200, response.status(), response.text());
    InvocationResult result = response.as(InvocationResult.class);
    assertEquals(InvocationResult.Status.OK, result.status());
    assertArrayEquals(bytes("HELLO EDGE"), result.output());
    assertEquals(agent.cost(), result.cost());
    assertEquals(providerId, result.providerId());
    assertNotNull(result.receipt());

    InvocationResult settled = awaitSettled(request.ticket().invocationId());
    assertNotNull(settled.batchId());
    long fee = Pricing.brokerFee(agent.cost(), 500);
    assertEquals(consumerBefore - agent.cost(), market.balance(market.consumer.id()));
    assertEquals(providerBefore + agent.cost() - fee, market.balance(providerId));
    assertEquals(brokerBefore + fee, market.balance(market.brokerId.id()));
  }

  @Test
  void asyncInvocationIsAcceptedThenCompletes() {
    InvocationRequest request = market.request(echo, bytes("later"), 100);
    SignedClient.Response accepted = alice.post("/api/v1/invocations?async=true", request);
    assertEquals(202, accepted.status(), accepted.text());
    assertEquals(InvocationResult.Status.PENDING, accepted.as(InvocationResult.class).status());

    InvocationResult done = awaitSettled(request.ticket().invocationId());
    assertEquals(InvocationResult.Status.OK, done.status());
    assertArrayEquals(bytes("LATER"), done.output());
  }

  @Test
  void unknownFunctionIs404() {
    FunctionSpec ghost =
        new FunctionSpec(
            market.consumer.id() + "/ghost",
            "ghost",
            null,
            echo.digest(),
            "wasm",
            1,
            1,
            null,
            1,
            0);
    SignedClient.Response response =
        alice.post("/api/v1/invocations", market.request(ghost, bytes("x"), 100));
    assertEquals(404, response.status(), response.text());
    assertEquals("NOT_FOUND", response.error().code());
  }

  @Test
  void ticketForAnotherDigestIs404() {
    FunctionSpec other =
        new FunctionSpec(
            echo.functionId(), "echo", null, "ab".repeat(32), "wasm", 1, 1, null, 1, 0);
    SignedClient.Response response =
        alice.post("/api/v1/invocations", market.request(other, bytes("x"), 100));
    assertEquals(404, response.status(), response.text());
  }

  @Test
  void overEscrowIs402AndMovesNoMoney() throws Exception {
    Identity bob = market.ca.enroll("bob", Role.CONSUMER);
    market.register(bob);
    market.fund(bob, 50);
    market.awaitSettlementIdle();
    long providerBefore = market.balance(agent.identity().id());
    int callsBefore = agent.calls();

    SignedClient.Response response =
        market.client(bob).post("/api/v1/invocations", market.request(bob, echo, bytes("x"), 100));

    assertEquals(402, response.status(), response.text());
    assertEquals("INSUFFICIENT_FUNDS", response.error().code());
    assertEquals(50, market.balance(bob.id()));
    assertEquals(providerBefore, market.balance(agent.identity().id()));
    assertEquals(callsBefore, agent.calls(), "no provider was contacted");
  }

  @Test
  void reusedInvocationIdWithAnotherTicketIs409() {
    InvocationRequest request = market.request(echo, bytes("once"), 100);
    assertEquals(200, alice.post("/api/v1/invocations", request).status());
    InvocationTicket first = request.ticket();
    InvocationTicket other =
        InvocationTicket.issue(
            market.consumer,
            first.invocationId(),
            first.brokerId(),
            first.functionId(),
            first.functionDigest(),
            bytes("once"),
            first.maxPrice(),
            first.issuedAt(),
            first.expiresAt());
    SignedClient.Response again =
        alice.post("/api/v1/invocations", new InvocationRequest(other, bytes("once")));
    assertEquals(409, again.status(), again.text());
    assertEquals("DUPLICATE", again.error().code());
  }

  @Test
  void inputOverOneMebibyteIs413() {
    byte[] big = new byte[Limits.MAX_PAYLOAD_BYTES + 1];
    SignedClient.Response response =
        alice.post("/api/v1/invocations", market.request(echo, big, 100));
    assertEquals(413, response.status(), response.text());
  }

  @Test
  void tamperedInputIs400() {
    InvocationRequest request = market.request(echo, bytes("signed"), 100);
    InvocationRequest tampered = new InvocationRequest(request.ticket(), bytes("swapped"));
    SignedClient.Response response = alice.post("/api/v1/invocations", tampered);
    assertEquals(400, response.status(), response.text());
  }

  @Test
  void anotherConsumersInvocationIsNotVisible() throws Exception {
    InvocationRequest request = market.request(echo, bytes("mine"), 100);
    assertEquals(200, alice.post("/api/v1/invocations", request).status());
    Identity carol = market.ca.enroll("carol", Role.CONSUMER);
    String path = "/api/v1/invocations/" + request.ticket().invocationId();
    assertEquals(403, market.client(carol).get(path).status());
    assertEquals(200, market.client(market.auditor).get(path).status());
  }

  private InvocationResult awaitSettled(String invocationId) {
    return Await.until(
        "settlement of " + invocationId,
        () -> alice.get("/api/v1/invocations/" + invocationId).as(InvocationResult.class),
        r -> r.settlement() == InvocationResult.Settlement.SETTLED);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
