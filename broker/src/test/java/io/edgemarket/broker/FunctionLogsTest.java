package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A function's logs reach its owner, when asked for, and nobody else: over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionLogsTest {
  private static final String LOGS = "reading sensor 7\nwarning: cover open\n";

  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private FunctionSpec echo;
  private SignedClient alice;
  private Identity bob;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    agent = market.provider("p1", 40, 10);
    echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    alice = market.client(market.consumer);
    bob = market.ca.enroll("bob", Role.CONSUMER);
    market.register(bob);
    market.fund(bob, 1_000_000);
  }

  @BeforeEach
  void agentLogs() {
    agent.logs(LOGS);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void theOwnerGetsTheLogsWhenAskingOnTheAnswerAndOnLookups() {
    InvocationRequest request = market.request(echo, bytes("hello"), 100);

    SignedClient.Response response = alice.post("/api/v1/invocations?logs=true", request);

    assertEquals(200, response.status(), response.text());
    InvocationResult result = response.as(InvocationResult.class);
    assertEquals(LOGS, result.logs());
    String path = "/api/v1/invocations/" + request.ticket().invocationId();
    assertEquals(LOGS, alice.get(path + "?logs=true").as(InvocationResult.class).logs());
    assertFalse(alice.get(path).text().contains("\"logs\""), "not asked for: absent");
  }

  @Test
  void logsAreAbsentUnlessAskedFor() {
    SignedClient.Response response =
        alice.post("/api/v1/invocations", market.request(echo, bytes("hello"), 100));

    assertEquals(200, response.status(), response.text());
    assertFalse(response.text().contains("\"logs\""), response.text());
  }

  @Test
  void anotherConsumerInvokingTheFunctionNeverSeesItsLogs() {
    // The attack: bob calls alice's function by id, asks for logs, and looks it up again.
    SignedClient bobs = market.client(bob);
    InvocationRequest request = market.request(bob, echo, bytes("what do you log?"), 100);

    SignedClient.Response response = bobs.post("/api/v1/invocations?logs=true", request);

    assertEquals(200, response.status(), response.text());
    assertEquals("WHAT DO YOU LOG?", utf8(response.as(InvocationResult.class).output()));
    assertFalse(response.text().contains("\"logs\""), response.text());
    String path = "/api/v1/invocations/" + request.ticket().invocationId() + "?logs=true";
    assertFalse(bobs.get(path).text().contains("\"logs\""));
    // Nor after the settlement updates the result, nor from its retry.
    Await.until(
        "bob's invocation settled",
        () -> bobs.get(path).as(InvocationResult.class),
        r -> r.settlement() == InvocationResult.Settlement.SETTLED);
    assertNull(bobs.get(path).as(InvocationResult.class).logs());
    assertNull(
        bobs.post("/api/v1/invocations?logs=true", request).as(InvocationResult.class).logs());
    // Nor does the owner get them through bob's invocation: it is not hers.
    assertEquals(403, alice.get(path).status());
  }

  @Test
  void anAuditorSeesTheInvocationButNotItsLogs() {
    InvocationRequest request = market.request(echo, bytes("hello"), 100);
    assertEquals(200, alice.post("/api/v1/invocations", request).status());

    SignedClient.Response seen =
        market
            .client(market.auditor)
            .get("/api/v1/invocations/" + request.ticket().invocationId() + "?logs=true");

    assertEquals(200, seen.status(), seen.text());
    assertNull(seen.as(InvocationResult.class).logs());
  }

  @Test
  void anAgentsOversizedLogsAreCutToTheBound() {
    agent.logs("x".repeat(Limits.MAX_LOG_BYTES + 500_000));

    InvocationResult result =
        alice
            .post("/api/v1/invocations?logs=true", market.request(echo, bytes("flood"), 100))
            .as(InvocationResult.class);

    assertEquals(InvocationResult.Status.OK, result.status());
    assertEquals(
        "x".repeat(Limits.MAX_LOG_BYTES) + Limits.truncatedLogMarker(500_000), result.logs());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
