package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.api.InvocationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: a consumer over its invocations per minute gets 429 QUOTA_EXCEEDED, nothing run. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvocationQuotaTest {
  private static final int PER_MINUTE = 3;

  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private FunctionSpec echo;

  @BeforeAll
  void startMarket() throws Exception {
    market =
        new TestMarket(
            dir,
            1,
            Duration.ofMillis(50),
            broker -> broker.invocationsPerMinutePerConsumer(PER_MINUTE));
    agent = market.provider("p1", 40, 10);
    echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void theCallOverTheQuotaIsRefusedWithRetryAfterAndItsTicketStaysUnused() {
    SignedClient alice = market.client(market.consumer);
    InvocationRequest first = null;
    for (int i = 0; i < PER_MINUTE; i++) {
      InvocationRequest request = market.request(echo, bytes("call " + i), 100);
      assertEquals(200, alice.post("/api/v1/invocations", request).status());
      first = first == null ? request : first;
    }
    int calls = agent.calls();
    InvocationRequest over = market.request(echo, bytes("one too many"), 100);
    SignedClient.Response refused = alice.post("/api/v1/invocations", over);

    assertEquals(429, refused.status(), refused.text());
    assertEquals("QUOTA_EXCEEDED", refused.error().code());
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 20, "a token every 20 s: " + retryAfter);
    assertEquals(calls, agent.calls(), "nothing ran");
    assertEquals(
        404, alice.get("/api/v1/invocations/" + over.ticket().invocationId()).status(), "unused");
    // A known ticket sent again is no new invocation: it needs no token, and gets its answer.
    assertEquals(200, alice.post("/api/v1/invocations", first).status());
    assertEquals(calls, agent.calls());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
