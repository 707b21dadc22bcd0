package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.RawLink;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Usage;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.api.Placement;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hedging (issue 12): a call whose first provider is slow is also sent to the next after the
 * consumer's delay; the first good answer wins, is the only receipt queued for the run, and is what
 * the consumer pays; the loser is told to stop ({@code cancel} on its link) and is not paid. The
 * slow provider is the cheaper one, so the matcher tries it first.
 */
class HedgingTest {
  private static final String LOSER_DISCARDED =
      "edgemarket_hedges_total{outcome=\"loser_discarded\"} 1.0";
  private static final long SLOW_MILLIS = 2_000;

  @TempDir Path dir;
  private TestMarket market;
  private FakeAgent slow;
  private FakeAgent fast;
  private FunctionSpec echo;
  private SignedClient alice;

  @BeforeEach
  void startMarket() throws Exception {
    market = new TestMarket(dir, 2, Duration.ofMillis(50));
    slow = market.provider("slow", 10, 10);
    fast = market.provider("fast", 20, 10);
    echo = market.deploy(market.consumer, "echo", 5_000);
    market.awaitServing(slow, fast);
    alice = market.client(market.consumer);
  }

  @AfterEach
  void stopMarket() {
    market.close();
  }

  @Test
  void aHedgedCallIsAnsweredByTheFastProviderAndChargedOnlyItsReceipt() throws Exception {
    slow.delay(Duration.ofMillis(SLOW_MILLIS));
    long before = market.balance(market.consumer.id());
    long settledBefore = summary().get("settledReceipts").asLong();
    InvocationRequest request = hedged(market.request(echo, bytes("hedged"), 1_000), 50L);

    SignedClient.Response response = alice.post("/api/v1/invocations", request);

    assertEquals(200, response.status(), response.text());
    InvocationResult result = response.as(InvocationResult.class);
    assertArrayEquals(bytes("HEDGED"), result.output());
    assertEquals(fast.identity().id(), result.receipt().providerId(), "the hedge won");
    assertEquals(fast.cost(), result.cost());
    assertEquals(1, slow.calls(), "the slow provider got the call first");
    // The slow provider's answer comes later and must be thrown away, not queued.
    Await.until("the slow provider answered", () -> slow.answered() == 1);
    Await.until("the broker threw its answer away", () -> metrics().contains(LOSER_DISCARDED));
    market.awaitSettlementIdle();
    assertEquals(InvocationResult.Settlement.SETTLED, lookup(request).settlement());
    assertEquals(fast.identity().id(), lookup(request).receipt().providerId());
    assertEquals(before - fast.cost(), market.balance(market.consumer.id()), "charged once");
    assertEquals(0, market.balance(slow.identity().id()), "the loser is not paid");
    assertEquals(settledBefore + 1, summary().get("settledReceipts").asLong(), "one receipt");
    String metrics = market.client(null).get("/metrics").text();
    assertTrue(metrics.contains("edgemarket_hedges_total{outcome=\"fired\"} 1.0"), metrics);
    assertTrue(metrics.contains("edgemarket_hedges_total{outcome=\"second_won\"} 1.0"), metrics);
  }

  @Test
  void withoutHedgingTheCallWaitsForTheSlowProvider() throws Exception {
    slow.delay(Duration.ofMillis(SLOW_MILLIS));
    long before = market.balance(market.consumer.id());

    SignedClient.Response response =
        alice.post("/api/v1/invocations", market.request(echo, bytes("patient"), 1_000));

    assertEquals(200, response.status(), response.text());
    InvocationResult result = response.as(InvocationResult.class);
    assertEquals(slow.identity().id(), result.receipt().providerId(), "nobody hedged");
    assertEquals(0, fast.calls());
    market.awaitSettlementIdle();
    assertEquals(before - slow.cost(), market.balance(market.consumer.id()));
    String metrics = market.client(null).get("/metrics").text();
    assertTrue(metrics.contains("edgemarket_hedges_total{outcome=\"fired\"} 0.0"), metrics);
  }

  @Test
  void aFastFirstAnswerFiresNoHedge() throws Exception {
    InvocationRequest request = hedged(market.request(echo, bytes("quick"), 1_000), 1_000L);

    SignedClient.Response response = alice.post("/api/v1/invocations", request);

    assertEquals(200, response.status(), response.text());
    assertEquals(slow.identity().id(), response.as(InvocationResult.class).providerId());
    assertEquals(0, fast.calls(), "no second run for a call answered within the delay");
  }

  @Test
  void aHedgeDelayOutOfRangeIsRefusedWith400AndRunsNothing() throws Exception {
    long before = market.balance(market.consumer.id());
    for (long millis : new long[] {0, -5, 60_001}) {
      byte[] body = requestJson(market.request(echo, bytes("x"), 1_000), millis);
      SignedClient.Response response = alice.post("/api/v1/invocations", body);
      assertEquals(400, response.status(), millis + ": " + response.text());
      assertTrue(response.text().contains("hedgeAfterMillis"), response.text());
    }
    // Within the range, but not below the function's own timeout: it could never fire in time.
    SignedClient.Response late =
        alice.post("/api/v1/invocations", hedged(market.request(echo, bytes("x"), 1_000), 5_000L));
    assertEquals(400, late.status(), late.text());
    assertEquals(ErrorCodes.BAD_REQUEST, late.error().code());
    assertTrue(late.text().contains("below the function's timeout"), late.text());
    assertEquals(0, slow.calls() + fast.calls(), "nothing ran");
    assertEquals(before, market.balance(market.consumer.id()));
  }

  @Test
  void theLinkedLoserIsCancelledAndItsLateReceiptIsNeverPaid() throws Exception {
    // The slow provider is reached over its link: the broker dispatches down a link when there is
    // one, whatever the offer's endpoint.
    try (RawLink link = welcomed(slow.identity())) {
      long before = market.balance(market.consumer.id());
      InvocationRequest request = hedged(market.request(echo, bytes("raced"), 1_000), 50L);
      CompletableFuture<SignedClient.Response> call =
          CompletableFuture.supplyAsync(() -> alice.post("/api/v1/invocations", request));

      LinkFrame invoke = awaitFrame(link, LinkFrame.INVOKE);
      LinkFrame cancel = awaitFrame(link, LinkFrame.CANCEL);
      assertEquals(invoke.id(), cancel.id(), "the cancel names the loser's invoke");
      SignedClient.Response response = call.get();
      assertEquals(200, response.status(), response.text());
      assertEquals(fast.identity().id(), response.as(InvocationResult.class).providerId());

      // The loser had already finished: its answer crosses the cancel, receipt and all.
      Receipt late = receiptFor(slow, invoke.request(), 77);
      link.send(
          LinkFrame.result(
              invoke.id(), new InvokeResponse(Receipt.OK, bytes("RACED"), null, late, null)));
      assertTrue(
          awaitFrame(link, LinkFrame.SETTLED).sequences().contains(77L),
          "the agent is told to forget the losing receipt");
      market.awaitSettlementIdle();
      assertEquals(fast.identity().id(), lookup(request).receipt().providerId());
      assertEquals(before - fast.cost(), market.balance(market.consumer.id()), "charged once");
      assertEquals(0, market.balance(slow.identity().id()), "the loser is not paid");
    }
  }

  @Test
  void aLosersReceiptOfferedAgainAfterARestartIsNotTaken() throws Exception {
    long before = market.balance(market.consumer.id());
    InvocationRequest request = hedged(market.request(echo, bytes("again"), 1_000), 50L);
    LinkFrame invoke;
    try (RawLink link = welcomed(slow.identity())) {
      CompletableFuture<SignedClient.Response> call =
          CompletableFuture.supplyAsync(() -> alice.post("/api/v1/invocations", request));
      invoke = awaitFrame(link, LinkFrame.INVOKE);
      awaitFrame(link, LinkFrame.CANCEL);
      assertEquals(fast.identity().id(), call.get().as(InvocationResult.class).providerId());
      // The agent ran on, signed its receipt and kept it; its answer never reached this broker.
    }
    market.awaitSettlementIdle();
    market.restart(Duration.ofMillis(50));

    Receipt kept = receiptFor(slow, invoke.request(), 5);
    try (RawLink link = welcomed(slow.identity())) {
      LinkFrame collect = awaitFrame(link, LinkFrame.COLLECT);
      link.send(LinkFrame.receipts(collect.id(), List.of(kept), List.of()));
      assertEquals(List.of(5L), awaitFrame(link, LinkFrame.SETTLED).sequences(), "forget it");
    }
    market.awaitSettlementIdle();
    assertEquals(fast.identity().id(), lookup(request).receipt().providerId());
    assertEquals(before - fast.cost(), market.balance(market.consumer.id()), "charged once");
    assertEquals(0, market.balance(slow.identity().id()), "the loser is not paid");
  }

  @Test
  void aCancelledAnswerIsNoFaultOfTheProvider() throws Exception {
    try (RawLink link = welcomed(slow.identity())) {
      InvocationRequest request = hedged(market.request(echo, bytes("stop"), 1_000), 50L);
      CompletableFuture<SignedClient.Response> call =
          CompletableFuture.supplyAsync(() -> alice.post("/api/v1/invocations", request));

      LinkFrame cancel = awaitFrame(link, LinkFrame.CANCEL);
      link.send(LinkFrame.error(cancel.id(), 409, ErrorCodes.CANCELLED, "stopped"));

      assertEquals(200, call.get().status());
      Await.until(
          "the cancelled run's end was thrown away", () -> metrics().contains(LOSER_DISCARDED));
      assertEquals(0, provider(slow.identity().id()).get("faults").asInt(), "stopping is no fault");
    }
  }

  private static InvocationRequest hedged(InvocationRequest request, Long millis) {
    return new InvocationRequest(
        request.ticket(),
        request.input(),
        new Placement(null, null, null, null, null, millis),
        null);
  }

  /** The request as JSON with a hedge delay the model itself would refuse to build. */
  private static byte[] requestJson(InvocationRequest request, long millis) {
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(Json.write(request));
    tree.putObject("placement").put("hedgeAfterMillis", millis);
    return tree.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A receipt the provider signs for the run the broker sent it, at its offer's prices. */
  private static Receipt receiptFor(FakeAgent agent, InvokeRequest request, long sequence) {
    long now = System.currentTimeMillis();
    byte[] output =
        new String(request.input(), StandardCharsets.UTF_8)
            .toUpperCase(Locale.ROOT)
            .getBytes(StandardCharsets.UTF_8);
    return Receipt.sign(
        agent.identity(),
        request.ticket(),
        request.assignment(),
        output,
        Receipt.OK,
        new Usage(FakeAgent.FUEL, 65_536, 12),
        10,
        10,
        now - 1,
        now,
        sequence);
  }

  private RawLink welcomed(Identity provider) throws Exception {
    return RawLink.welcomed(market.broker().url(), provider, market.brokerId.id());
  }

  /**
   * The next frame of {@code type}; on the way, answers what an agent answers at once (pings, and
   * the re-collection's request for kept receipts: none).
   */
  private static LinkFrame awaitFrame(RawLink link, String type) throws Exception {
    List<String> skipped = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      LinkFrame frame = link.next();
      if (type.equals(frame.type())) {
        return frame;
      }
      if (LinkFrame.PING.equals(frame.type())) {
        link.send(LinkFrame.pong(frame.id()));
      } else if (LinkFrame.COLLECT.equals(frame.type())) {
        link.send(LinkFrame.receipts(frame.id(), List.of(), List.of()));
      }
      skipped.add(frame.type());
    }
    throw new AssertionError("no " + type + " frame; got " + skipped);
  }

  private InvocationResult lookup(InvocationRequest request) {
    return alice
        .get("/api/v1/invocations/" + request.ticket().invocationId())
        .as(InvocationResult.class);
  }

  private String metrics() {
    return market.client(null).get("/metrics").text();
  }

  private JsonNode summary() {
    return Json.tree(market.client(null).get("/api/v1/public/market").text()).get("summary");
  }

  private JsonNode provider(String id) {
    JsonNode view = Json.tree(market.client(null).get("/api/v1/public/market").text());
    for (JsonNode p : view.get("providers")) {
      if (p.get("providerId").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("provider " + id + " not on the status page: " + view);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
