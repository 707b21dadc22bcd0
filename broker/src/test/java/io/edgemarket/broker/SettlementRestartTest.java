package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of settlement and escrow holds. A batch interval of an hour keeps receipts queued, as
 * if the broker stopped before settling them.
 */
class SettlementRestartTest {
  private static final Duration NEVER = Duration.ofHours(1);
  private static final Duration SOON = Duration.ofMillis(50);

  @TempDir Path dir;
  private TestMarket market;

  @AfterEach
  void stopMarket() {
    if (market != null) {
      market.close();
    }
  }

  @Test
  void queuedReceiptsSettleExactlyOnceAcrossRestarts() throws Exception {
    market = new TestMarket(dir, 1, NEVER);
    FakeAgent agent = market.provider("p1", 40, 10);
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    SignedClient alice = market.client(market.consumer);
    long consumerBefore = market.balance(market.consumer.id());

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      InvocationRequest request =
          market.request(echo, ("run " + i).getBytes(StandardCharsets.UTF_8), 100);
      assertEquals(200, alice.post("/api/v1/invocations", request).status());
      ids.add(request.ticket().invocationId());
    }
    assertEquals(3, pending());
    assertEquals(consumerBefore, market.balance(market.consumer.id()), "nothing settled yet");

    market.restart(SOON);
    Map<String, String> batches = awaitSettled(alice, ids);
    long total = 3 * agent.cost();
    long fees = 3 * Pricing.brokerFee(agent.cost(), 500);
    assertBalances(agent, consumerBefore - total, total - fees, fees);

    // A crash after the ledger committed but before the outcome reached disk: the receipts are
    // resubmitted, the ledger answers DUPLICATE, and nobody pays twice.
    market.broker().close();
    Files.delete(dir.resolve("settlement").resolve("batches.log"));
    market.start(SOON);
    Map<String, String> again = awaitSettled(alice, ids);
    assertEquals(batches, again, "each receipt keeps the batch that paid it");
    market.awaitSettlementIdle();
    assertBalances(agent, consumerBefore - total, total - fees, fees);
  }

  @Test
  void aBatchInFlightAtACrashIsResumedByItsIdAndPaidOnce() throws Exception {
    market = new TestMarket(dir, 1, SOON);
    FakeAgent agent = market.provider("p1", 40, 10);
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    SignedClient alice = market.client(market.consumer);
    long consumerBefore = market.balance(market.consumer.id());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      InvocationRequest request =
          market.request(echo, ("run " + i).getBytes(StandardCharsets.UTF_8), 100);
      assertEquals(200, alice.post("/api/v1/invocations", request).status());
      ids.add(request.ticket().invocationId());
    }
    Map<String, String> batches = awaitSettled(alice, ids);
    market.awaitSettlementIdle();

    // The ledger committed the batches but the broker died before their outcomes reached the
    // disk: only the lines written before each submit are left.
    market.broker().close();
    Path log = dir.resolve("settlement").resolve("batches.log");
    List<String> submitted =
        Files.readAllLines(log).stream().filter(l -> l.startsWith("{\"submitting\":")).toList();
    assertEquals(Set.copyOf(batches.values()).size(), submitted.size(), "one line per batch");
    Files.write(log, submitted);
    market.start(SOON);

    assertEquals(batches, awaitSettled(alice, ids), "each receipt keeps the batch that paid it");
    market.awaitSettlementIdle();
    Set<String> recorded = new HashSet<>();
    for (String line : Files.readAllLines(log)) {
      if (!line.startsWith("{\"submitting\":")) {
        recorded.add(Json.tree(line).get("batchId").asText());
      }
    }
    // Looked up by id: recorded as the ledger has them, no new batch submitted for them.
    assertEquals(Set.copyOf(batches.values()), recorded);
    long total = 3 * agent.cost();
    long fees = 3 * Pricing.brokerFee(agent.cost(), 500);
    assertBalances(agent, consumerBefore - total, total - fees, fees);
  }

  @Test
  void aRestartedBrokerServesItsAgentsAgain() throws Exception {
    market = new TestMarket(dir, 1, SOON);
    FakeAgent agent = market.provider("p1", 40, 10);
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    SignedClient alice = market.client(market.consumer);
    byte[] input = "before".getBytes(StandardCharsets.UTF_8);
    assertEquals(200, alice.post("/api/v1/invocations", market.request(echo, input, 100)).status());

    market.broker().close();
    long stopped = System.nanoTime();
    market.start(SOON); // the ledger reopens, the offer book is read back, the agent beats again
    byte[] again = "after".getBytes(StandardCharsets.UTF_8);
    // Behaviour, not speed: the restarted broker answers again (how fast is measured, not
    // asserted).
    Await.until(
        "an invocation answered after the restart",
        Duration.ofSeconds(30),
        () -> alice.post("/api/v1/invocations", market.request(echo, again, 100)).status() == 200);
    System.out.printf(
        "first invocation answered %d ms after the restart%n",
        (System.nanoTime() - stopped) / 1_000_000);
  }

  @Test
  void unsettledReceiptsHoldEscrow() throws Exception {
    market = new TestMarket(dir, 1, NEVER);
    FakeAgent agent = market.provider("p1", 40, 10);
    Identity bob = market.ca.enroll("bob", Role.CONSUMER);
    market.register(bob);
    market.fund(bob, 150);
    FunctionSpec echo = market.deploy(bob, "echo", 1_000);
    market.awaitServing(agent);
    SignedClient client = market.client(bob);
    byte[] input = "x".getBytes(StandardCharsets.UTF_8);

    assertEquals(
        200, client.post("/api/v1/invocations", market.request(bob, echo, input, 100)).status());
    // 150 on the ledger, 65 held for the unsettled receipt: 85 cannot cover a maxPrice of 100.
    SignedClient.Response refused =
        client.post("/api/v1/invocations", market.request(bob, echo, input, 100));
    assertEquals(402, refused.status(), refused.text());
    assertEquals(
        200, client.post("/api/v1/invocations", market.request(bob, echo, input, 80)).status());
    assertEquals(150, market.balance(bob.id()));
  }

  private int pending() {
    String text = market.client(null).get("/api/v1/public/market").text();
    return Json.tree(text).get("summary").get("pendingReceipts").asInt();
  }

  private Map<String, String> awaitSettled(SignedClient client, List<String> ids) {
    Map<String, String> batches = new HashMap<>();
    for (String id : ids) {
      InvocationResult result =
          Await.until(
              "settlement of " + id,
              () -> client.get("/api/v1/invocations/" + id).as(InvocationResult.class),
              r -> r.settlement() == InvocationResult.Settlement.SETTLED);
      assertNotNull(result.batchId());
      batches.put(id, result.batchId());
    }
    return batches;
  }

  private void assertBalances(FakeAgent agent, long consumer, long provider, long broker)
      throws Exception {
    assertEquals(consumer, market.balance(market.consumer.id()));
    assertEquals(provider, market.balance(agent.identity().id()));
    assertEquals(broker, market.balance(market.brokerId.id()));
  }
}
