package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 (load and bursts): a burst above the consumer's limit of invocations in flight gets
 * exactly the excess refused with 429 and Retry-After, before anything is held or run, and nothing
 * is lost: the refused tickets sent again run once each and are charged once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerLimitTest {
  private static final int LIMIT = 4;
  private static final int BURST = 10;
  private static final long MAX_PRICE = 100;
  private static final long LEFT_OVER = 1_000; // the function's maxPricePerInvocation
  private static final Pattern THROTTLED =
      Pattern.compile("edgemarket_invocations_throttled_total\\{reason=\"in_flight\"[^}]*} (\\S+)");

  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private FunctionSpec echo;

  @BeforeAll
  void startMarket() throws Exception {
    market =
        new TestMarket(
            dir, 1, Duration.ofMillis(50), broker -> broker.maxInFlightPerConsumer(LIMIT));
    agent = market.provider("p1", 40, 10); // eight slots: the consumer's limit binds first
    echo = market.deploy(market.consumer, "echo", 10_000); // held calls must not time out
    market.awaitServing(agent);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void aBurstAboveTheLimitGetsExactlyTheExcessRefusedAndLosesNothing() throws Exception {
    // Funded for the burst plus exactly LEFT_OVER: what a last call may hold if no hold leaked.
    Identity dave = market.ca.enroll("dave", Role.CONSUMER);
    market.register(dave);
    market.fund(dave, LEFT_OVER + BURST * agent.cost());
    SignedClient client = market.client(dave);
    int callsBefore = agent.calls();
    double throttledBefore = throttled();

    List<InvocationRequest> requests = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      requests.add(market.request(dave, echo, bytes("call " + i), MAX_PRICE));
    }
    ExecutorService callers = Executors.newFixedThreadPool(BURST);
    List<InvocationRequest> refused = new ArrayList<>();
    List<Future<SignedClient.Response>> admitted = new ArrayList<>();
    try {
      agent.hold();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<SignedClient.Response>> answers = new ArrayList<>();
      for (InvocationRequest request : requests) {
        answers.add(
            callers.submit(
                () -> {
                  go.await();
                  return client.post("/api/v1/invocations", request);
                }));
      }
      go.countDown();
      Await.until("the limit's calls at the agent", agent::calls, n -> n == callsBefore + LIMIT);
      Await.until(
          "the excess answered",
          () -> answers.stream().filter(Future::isDone).count(),
          n -> n >= BURST - LIMIT);
      for (int i = 0; i < BURST; i++) {
        Future<SignedClient.Response> answer = answers.get(i);
        if (!answer.isDone()) {
          admitted.add(answer);
          continue;
        }
        SignedClient.Response response = answer.get();
        assertEquals(429, response.status(), response.text());
        assertEquals("TOO_MANY_IN_FLIGHT", response.error().code());
        assertTrue(
            Long.parseLong(response.header("Retry-After")) >= 1, response.header("Retry-After"));
        String id = requests.get(i).ticket().invocationId();
        assertEquals(
            404,
            client.get("/api/v1/invocations/" + id).status(),
            "a refused ticket's id is not used");
        refused.add(requests.get(i));
      }
      assertEquals(BURST - LIMIT, refused.size(), "exactly the excess is refused");
      assertEquals(LIMIT, admitted.size());
      assertEquals(throttledBefore + BURST - LIMIT, throttled(), "counted by reason in_flight");

      // A running ticket sent again is a retry, not one more in flight.
      InvocationRequest running =
          requests.stream().filter(r -> !refused.contains(r)).findFirst().orElseThrow();
      SignedClient.Response retry = client.post("/api/v1/invocations?async=true", running);
      assertEquals(202, retry.status(), retry.text());
    } finally {
      agent.open();
      callers.shutdown();
    }
    for (Future<SignedClient.Response> answer : admitted) {
      SignedClient.Response response = answer.get(30, TimeUnit.SECONDS);
      assertEquals(200, response.status(), response.text());
    }
    for (InvocationRequest request : refused) {
      SignedClient.Response again = client.post("/api/v1/invocations", request);
      assertEquals(200, again.status(), again.text());
      assertEquals(InvocationResult.Status.OK, again.as(InvocationResult.class).status());
    }
    SignedClient.Response repeat = client.post("/api/v1/invocations", refused.get(0));
    assertEquals(200, repeat.status(), "the same ticket a third time: the first answer");
    assertEquals(callsBefore + BURST, agent.calls(), "every ticket ran exactly once");

    market.awaitSettlementIdle();
    assertEquals(LEFT_OVER, market.balance(dave.id()), "charged once per ticket, none refused");
    InvocationRequest last = market.request(dave, echo, bytes("last"), LEFT_OVER);
    SignedClient.Response whole = client.post("/api/v1/invocations", last);
    assertEquals(200, whole.status(), "no hold is left over: the whole balance is available");
  }

  private double throttled() {
    String text = market.client(null).get("/metrics").text();
    Matcher found = THROTTLED.matcher(text);
    return found.find() ? Double.parseDouble(found.group(1)) : 0;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
