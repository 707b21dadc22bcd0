package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /run/{owner}/{route}} over real HTTP from a caller with no identity: the key runs the
 * owner's function and the owner pays exactly its cost; a wrong or missing key, a spent or revoked
 * grant, and a key over its rate are refused and charge nothing.
 */
class RouteTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private FunctionSpec echo;

  private void start(UnaryOperator<BrokerBuilder> options) throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50), options);
    agent = market.provider("p1", 40, 10);
    market.awaitServing(agent);
    echo = market.deploy(market.consumer, "echo", 1_000);
  }

  @AfterEach
  void stopMarket() {
    if (market != null) {
      market.close();
    }
  }

  @Test
  void aDeviceWithTheKeyRunsTheFunctionAndTheOwnerPaysExactlyItsCost() throws Exception {
    start(UnaryOperator.identity());
    String key = grant("g-run", "sensor", 10);
    long before = market.balance(market.consumer.id());

    HttpResponse<byte[]> answer = run("sensor", key, "reading 42");

    assertEquals(200, answer.statusCode(), text(answer));
    assertEquals("application/octet-stream", answer.headers().firstValue("Content-Type").get());
    assertTrue(text(answer).endsWith("READING 42"), text(answer));
    long cost = Long.parseLong(answer.headers().firstValue("X-Cost").get());
    assertEquals(agent.cost(), cost);
    assertEquals("OK", answer.headers().firstValue("X-Invocation-Status").get());
    assertTrue(answer.headers().firstValue("X-Invocation-Id").isPresent());
    market.awaitSettlementIdle();
    assertEquals(before - cost, market.balance(market.consumer.id()));
    GrantStatus status =
        Records.read(
            market.gateway(market.consumer).evaluate(Transactions.GET_GRANT, "g-run"),
            GrantStatus.class);
    assertEquals(1, status.calls());
    assertEquals(cost, status.spend());
  }

  @Test
  void aWrongOrMissingKeyAndAnUnknownRouteAreRefusedAlike() throws Exception {
    start(UnaryOperator.identity());
    grant("g-keys", "sensor", 10);
    HttpResponse<byte[]> wrong = run("sensor", "not-the-key", "x");
    HttpResponse<byte[]> missing = run("sensor", null, "x");
    HttpResponse<byte[]> elsewhere = run("no-such-route", "not-the-key", "x");
    for (HttpResponse<byte[]> refused : java.util.List.of(wrong, missing, elsewhere)) {
      assertEquals(401, refused.statusCode());
      assertEquals(ErrorCodes.UNAUTHENTICATED, problem(refused).code());
    }
    assertEquals(problem(wrong).detail(), problem(elsewhere).detail(), "nothing said of the route");
    assertEquals(0, agent.calls());
  }

  @Test
  void aSpentOrRevokedGrantIsRefusedAndChargesNothing() throws Exception {
    start(UnaryOperator.identity());
    String once = grant("g-once", "once", 1);
    assertEquals(200, run("once", once, "a").statusCode());
    market.awaitSettlementIdle();
    long before = market.balance(market.consumer.id());
    HttpResponse<byte[]> spent = run("once", once, "b");
    assertEquals(402, spent.statusCode());
    assertEquals(ErrorCodes.GRANT_EXHAUSTED, problem(spent).code());

    String key = grant("g-revoked", "gone", 10);
    market.gateway(market.consumer).submit(Transactions.REVOKE_GRANT, "g-revoked");
    // The broker learns of the revocation from the ledger's event: a call that comes before it
    // runs (and the ledger refuses to pay it, below). Count those, so the assertion can fail.
    AtomicInteger ranBefore = new AtomicInteger();
    HttpResponse<byte[]> revoked =
        Await.until(
            "the revocation",
            () -> {
              HttpResponse<byte[]> answer = run("gone", key, "c");
              if (answer.statusCode() == 200) {
                ranBefore.incrementAndGet();
              }
              return answer;
            },
            r -> r.statusCode() == 410);
    assertEquals(ErrorCodes.GRANT_REVOKED, problem(revoked).code());
    assertEquals(1 + ranBefore.get(), agent.calls(), "nothing runs once the revocation is known");
    market.awaitSettlementIdle();
    assertEquals(before, market.balance(market.consumer.id()));
  }

  @Test
  void aRouteKeysCallsAreLimitedAsAConsumersAre() throws Exception {
    start(b -> b.invocationsPerMinutePerConsumer(1));
    String key = grant("g-rate", "rated", 10);
    assertEquals(200, run("rated", key, "a").statusCode());
    HttpResponse<byte[]> throttled = run("rated", key, "b");
    assertEquals(429, throttled.statusCode());
    assertEquals(ErrorCodes.QUOTA_EXCEEDED, problem(throttled).code());
    assertTrue(throttled.headers().firstValue("Retry-After").isPresent());
    assertEquals(1, agent.calls());
  }

  /** Publishes the consumer's grant of route {@code name} for echo; returns its key. */
  private String grant(String grantId, String name, long maxCalls) throws Exception {
    String key = GrantTrigger.newRouteKey();
    long now = System.currentTimeMillis();
    Grant grant =
        Grant.sign(
            market.consumer,
            grantId,
            echo.functionId(),
            echo.digest(),
            market.brokerId.id(),
            GrantTrigger.route(name, key),
            1_000,
            maxCalls,
            10_000,
            now - 60_000,
            now + 3_600_000);
    market.gateway(market.consumer).submit(Transactions.PUBLISH_GRANT, Json.write(grant));
    return key;
  }

  private HttpResponse<byte[]> run(String name, String key, String input) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(market.broker().url() + "/run/" + market.consumer.id() + "/" + name))
            .POST(HttpRequest.BodyPublishers.ofString(input));
    if (key != null) {
      request.header("X-Route-Key", key);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ApiError problem(HttpResponse<byte[]> answer) {
    return Json.read(answer.body(), ApiError.class);
  }

  private static String text(HttpResponse<byte[]> answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }
}
