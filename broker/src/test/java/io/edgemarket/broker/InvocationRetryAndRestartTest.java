package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invocation records: a retry of the same ticket gets the first answer (running and charging
 * nothing again), and lookups and retries after a restart answer from the records, or say plainly
 * that the output is no longer kept.
 */
class InvocationRetryAndRestartTest {
  private static final Duration SOON = Duration.ofMillis(50);
  private static final Duration NEVER = Duration.ofHours(1);
  private static final String INVOCATIONS = "/api/v1/invocations";

  @TempDir Path dir;
  private TestMarket market;

  @AfterEach
  void stopMarket() {
    if (market != null) {
      market.close();
    }
  }

  @Test
  void theSameTicketAgainGetsTheFirstAnswerBeforeAndAfterARestart() throws Exception {
    market = new TestMarket(dir, 1, SOON);
    FakeAgent agent = market.provider("p1", 40, 10);
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    SignedClient alice = market.client(market.consumer);
    long before = market.balance(market.consumer.id());
    InvocationRequest request = market.request(echo, bytes("once only"), 100);
    String id = request.ticket().invocationId();

    InvocationResult first = alice.post(INVOCATIONS, request).as(InvocationResult.class);
    assertArrayEquals(bytes("ONCE ONLY"), first.output());
    SignedClient.Response retried = alice.post(INVOCATIONS, request);
    assertEquals(200, retried.status(), retried.text());
    assertEquals(first.receipt(), retried.as(InvocationResult.class).receipt());
    assertEquals(1, agent.calls(), "a retry runs nothing");

    // Another ticket with the same id is still a duplicate.
    InvocationRequest other = withId(market.request(echo, bytes("once only"), 100), id);
    assertEquals(409, alice.post(INVOCATIONS, other).status());

    awaitSettled(alice, id);
    market.restart(SOON);
    InvocationResult looked = alice.get(INVOCATIONS + "/" + id).as(InvocationResult.class);
    assertArrayEquals(bytes("ONCE ONLY"), looked.output(), "the record keeps the output");
    assertFalse(looked.outputDropped());
    assertEquals(InvocationResult.Settlement.SETTLED, looked.settlement());
    assertEquals(first.verification(), looked.verification());
    InvocationResult again = alice.post(INVOCATIONS, request).as(InvocationResult.class);
    assertEquals(first.receipt(), again.receipt());
    assertArrayEquals(first.output(), again.output());
    assertEquals(1, agent.calls());
    market.awaitSettlementIdle();
    assertEquals(before - agent.cost(), market.balance(market.consumer.id()), "charged once");
  }

  @Test
  void withoutItsRecordARestartedBrokerSaysTheOutputIsGone() throws Exception {
    market = new TestMarket(dir, 1, NEVER);
    FakeAgent agent = market.provider("p1", 40, 10);
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    SignedClient alice = market.client(market.consumer);
    InvocationRequest request = market.request(echo, bytes("lost"), 100);
    String id = request.ticket().invocationId();
    InvocationResult first = alice.post(INVOCATIONS, request).as(InvocationResult.class);

    market.broker().close();
    deleteTree(dir.resolve("invocations")); // as if the records had expired
    market.start(SOON);
    SignedClient.Response answer = alice.get(INVOCATIONS + "/" + id);
    InvocationResult looked = answer.as(InvocationResult.class);
    assertTrue(looked.outputDropped(), answer.text());
    assertTrue(answer.text().contains("\"outputDropped\":true"), answer.text());
    assertNull(looked.output());
    assertEquals(first.receipt(), looked.receipt());
    assertEquals(first.cost(), looked.cost());
    InvocationResult settled = awaitSettled(alice, id);
    assertTrue(settled.outputDropped(), "settling keeps saying so");
    assertEquals(
        first.receipt(), alice.post(INVOCATIONS, request).as(InvocationResult.class).receipt());
    assertEquals(1, agent.calls());
  }

  @Test
  void aFailedInvocationRetriedHearsTheSameRefusalAndRunsNothing() throws Exception {
    market = new TestMarket(dir, 1, SOON);
    FakeAgent agent = market.provider("p1", 40, 10);
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    SignedClient alice = market.client(market.consumer);
    agent.mode(FakeAgent.Mode.FAIL);
    InvocationRequest request = market.request(echo, bytes("x"), 100);
    SignedClient.Response refused = alice.post(INVOCATIONS, request);
    assertEquals(502, refused.status(), refused.text());
    int calls = agent.calls();

    agent.mode(FakeAgent.Mode.OK);
    market.restart(SOON);
    SignedClient.Response again = alice.post(INVOCATIONS, request);
    assertEquals(502, again.status(), again.text());
    assertEquals(calls, agent.calls());
    InvocationResult looked =
        alice.get(INVOCATIONS + "/" + request.ticket().invocationId()).as(InvocationResult.class);
    assertEquals(InvocationResult.Status.FAILED, looked.status());
  }

  private InvocationResult awaitSettled(SignedClient client, String id) {
    return Await.until(
        "settlement of " + id,
        () -> client.get(INVOCATIONS + "/" + id).as(InvocationResult.class),
        r -> r.settlement() == InvocationResult.Settlement.SETTLED);
  }

  private InvocationRequest withId(InvocationRequest request, String id) {
    InvocationTicket t = request.ticket();
    InvocationTicket reissued =
        InvocationTicket.issue(
            market.consumer,
            id,
            t.brokerId(),
            t.functionId(),
            t.functionDigest(),
            request.input(),
            t.maxPrice(),
            t.issuedAt(),
            t.expiresAt());
    return new InvocationRequest(reissued, request.input());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
