package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.FakeAgent.Mode;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider faults: the broker never waits on one bad provider, moves on to the next offer, charges
 * only for the receipt it accepted, and fails cleanly (nothing charged) when every provider fails.
 * The first provider is the cheaper one, so the matcher tries it first.
 */
class FailoverTest {
  @TempDir Path dir;
  private TestMarket market;
  private FakeAgent first;
  private FakeAgent second;
  private FunctionSpec echo;
  private SignedClient alice;

  @BeforeEach
  void startMarket() throws Exception {
    market = new TestMarket(dir, 2, Duration.ofMillis(50));
    first = market.provider("cheap", 10, 10);
    second = market.provider("dear", 20, 10);
    echo = market.deploy(market.consumer, "echo", 100);
    market.awaitServing(first, second);
    alice = market.client(market.consumer);
  }

  @AfterEach
  void stopMarket() {
    market.close();
  }

  @Test
  void deadProviderIsSkipped() throws Exception {
    first.kill();
    assertServedBySecondAndChargedOnce();
  }

  @Test
  void hangingProviderTimesOutAndIsSkipped() throws Exception {
    first.mode(Mode.HANG);
    assertServedBySecondAndChargedOnce();
  }

  @Test
  void failingProviderIsSkipped() throws Exception {
    first.mode(Mode.FAIL);
    assertServedBySecondAndChargedOnce();
  }

  @Test
  void forgedReceiptIsAProviderFault() throws Exception {
    first.mode(Mode.FORGED_SIGNATURE);
    assertServedBySecondAndChargedOnce();
    JsonNode cheap = provider(first.identity().id());
    assertTrue(cheap.get("suspect").asBoolean(), cheap.toString());
    assertEquals(1, cheap.get("faults").asInt());
  }

  @Test
  void outputNotMatchingTheReceiptIsAProviderFault() throws Exception {
    first.mode(Mode.WRONG_OUTPUT);
    assertServedBySecondAndChargedOnce();
  }

  @Test
  void fuelAboveTheFunctionsLimitIsAProviderFault() throws Exception {
    // The inflated receipt's amount is consistent and under maxPrice: only the limit betrays it.
    FunctionSpec capped = market.deploy(market.consumer, "capped", 100, FakeAgent.FUEL);
    first.mode(Mode.INFLATED_FUEL);
    assertTrue(Pricing.amount(10, 10, FakeAgent.FUEL * 10) <= 1000);
    assertServedBySecondAndChargedOnce(capped, 1000);
    assertEquals(1, provider(first.identity().id()).get("faults").asInt());
  }

  @Test
  void busyProviderIsSkippedWithoutBlame() throws Exception {
    first.mode(Mode.BUSY);
    assertServedBySecondAndChargedOnce();
    assertEquals(0, provider(first.identity().id()).get("faults").asInt());
  }

  @Test
  void aBurstBeyondEverySlotWaitsForOneToFreeUp() throws Exception {
    FunctionSpec patient = market.deploy(market.consumer, "patient", 3_000);
    first.mode(Mode.BUSY);
    second.mode(Mode.BUSY);
    ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      // Both agents answer busy until the dear one's slot frees up, while the call is waiting.
      later.schedule(() -> second.mode(Mode.OK), 300, TimeUnit.MILLISECONDS);
      assertServedBySecondAndChargedOnce(patient, 1000);
    } finally {
      later.shutdownNow();
    }
    assertTrue(second.calls() > 1, "the busy provider was asked again: " + second.calls());
    assertEquals(0, provider(second.identity().id()).get("faults").asInt(), "busy is no fault");
  }

  @Test
  void providersBusyForLongerThanTheFunctionsTimeoutIs502AndChargesNothing() throws Exception {
    first.mode(Mode.BUSY);
    second.mode(Mode.BUSY);
    long before = market.balance(market.consumer.id());

    SignedClient.Response response =
        alice.post("/api/v1/invocations", market.request(echo, bytes("crowded"), 100));

    assertEquals(502, response.status(), response.text());
    assertEquals("UNAVAILABLE", response.error().code());
    assertTrue(response.text().contains("busy"), response.text());
    assertTrue(first.calls() > 1, "asked again while waiting for a slot: " + first.calls());
    market.awaitSettlementIdle();
    assertEquals(before, market.balance(market.consumer.id()));
  }

  @Test
  void everyProviderFailingIs502AndChargesNothing() throws Exception {
    first.mode(Mode.FAIL);
    second.mode(Mode.HANG);
    long before = market.balance(market.consumer.id());
    InvocationRequest request = market.request(echo, bytes("doomed"), 100);

    SignedClient.Response response = alice.post("/api/v1/invocations", request);

    assertEquals(502, response.status(), response.text());
    assertEquals("UNAVAILABLE", response.error().code());
    InvocationResult result = lookup(request);
    assertEquals(InvocationResult.Status.FAILED, result.status());
    assertEquals(0, result.cost());
    market.awaitSettlementIdle();
    assertEquals(before, market.balance(market.consumer.id()));
    assertEquals(0, market.balance(first.identity().id()));
    assertEquals(0, market.balance(second.identity().id()));
  }

  @Test
  void moduleRefusedByTheAgentIs400AndNotRetried() throws Exception {
    first.mode(Mode.BAD_MODULE);
    long before = market.balance(market.consumer.id());
    SignedClient.Response response =
        alice.post("/api/v1/invocations", market.request(echo, bytes("x"), 100));
    assertEquals(400, response.status(), response.text());
    assertEquals(0, second.calls());
    assertEquals(before, market.balance(market.consumer.id()));
  }

  private void assertServedBySecondAndChargedOnce() throws Exception {
    assertServedBySecondAndChargedOnce(echo, 100);
  }

  private void assertServedBySecondAndChargedOnce(FunctionSpec function, long maxPrice)
      throws Exception {
    long before = market.balance(market.consumer.id());
    InvocationRequest request = market.request(function, bytes("failover"), maxPrice);

    SignedClient.Response response = alice.post("/api/v1/invocations", request);

    assertEquals(200, response.status(), response.text());
    InvocationResult result = response.as(InvocationResult.class);
    assertArrayEquals(bytes("FAILOVER"), result.output());
    assertEquals(second.identity().id(), result.providerId());
    assertEquals(second.cost(), result.cost());
    Await.until(
        "settlement",
        () -> lookup(request),
        r -> r.settlement() == InvocationResult.Settlement.SETTLED);
    market.awaitSettlementIdle();
    assertEquals(before - second.cost(), market.balance(market.consumer.id()));
    assertEquals(0, market.balance(first.identity().id()), "the failed provider earned nothing");
  }

  private InvocationResult lookup(InvocationRequest request) {
    return alice
        .get("/api/v1/invocations/" + request.ticket().invocationId())
        .as(InvocationResult.class);
  }

  private JsonNode provider(String id) {
    JsonNode market = Json.tree(this.market.client(null).get("/api/v1/public/market").text());
    for (JsonNode p : market.get("providers")) {
      if (p.get("providerId").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("provider " + id + " not on the status page: " + market);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
