package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retired function over real HTTP: new invocations are refused with 410 FUNCTION_RETIRED before
 * anything runs or is held, while one that ran before the retirement settles as usual.
 */
class FunctionRetirementTest {
  @TempDir Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private SignedClient alice;

  @BeforeEach
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    agent = market.provider("p1", 40, 10);
    market.awaitServing(agent);
    alice = market.client(market.consumer);
  }

  @AfterEach
  void stopMarket() {
    market.close();
  }

  @Test
  void aRetiredFunctionIsRefusedAndChargesNothing() throws Exception {
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    market.gateway(market.consumer).submit(Transactions.RETIRE_FUNCTION, echo.functionId());
    long before = market.balance(market.consumer.id());

    InvocationRequest request = market.request(echo, bytes("x"), 100);
    SignedClient.Response refused = alice.post("/api/v1/invocations", request);

    assertEquals(410, refused.status(), refused.text());
    assertEquals(ErrorCodes.FUNCTION_RETIRED, refused.error().code());
    assertEquals(0, agent.calls(), "nothing was dispatched");
    assertEquals(404, alice.get("/api/v1/invocations/" + request.ticket().invocationId()).status());
    market.awaitSettlementIdle();
    assertEquals(before, market.balance(market.consumer.id()));
  }

  @Test
  void aRunBeforeTheRetirementSettlesAndLaterOnesAreRefusedWithinTheCacheLifetime()
      throws Exception {
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    long before = market.balance(market.consumer.id());
    InvocationRequest first = market.request(echo, bytes("before"), 100);
    assertEquals(200, alice.post("/api/v1/invocations", first).status());

    market.gateway(market.consumer).submit(Transactions.RETIRE_FUNCTION, echo.functionId());
    // The broker keeps a function's registration 5 s; within that the retirement shows.
    SignedClient.Response refused =
        Await.until(
            "the broker refusing the retired function",
            () -> alice.post("/api/v1/invocations", market.request(echo, bytes("after"), 100)),
            r -> r.status() == 410);
    assertEquals(ErrorCodes.FUNCTION_RETIRED, refused.error().code());

    InvocationResult settled =
        Await.until(
            "settlement of the run before the retirement",
            () ->
                alice
                    .get("/api/v1/invocations/" + first.ticket().invocationId())
                    .as(InvocationResult.class),
            r -> r.settlement() == InvocationResult.Settlement.SETTLED);
    market.awaitSettlementIdle();
    // Only what ran was charged: the first call and any accepted while the entry was still kept.
    assertEquals(before - agent.calls() * agent.cost(), market.balance(market.consumer.id()));
    assertEquals(agent.cost(), settled.cost());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
