package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.Faults;
import io.edgemarket.agent.Inbound;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.link.LinkHandshake;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents that dial out: a real broker, real agents with no inbound port (their offers name the
 * broker's link endpoint, so every invocation here travels on a link), the SDK. Invocations are
 * answered and settled; 200 run at once on one link; a link dropped mid-call moves the call to
 * another provider and the consumer pays once.
 */
class AgentLinkIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  @TempDir Path dir;
  private MarketFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new MarketFixture(dir.resolve("market"), 0);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void invocationsTravelOnTheLinkAndAreSettled() throws Exception {
    ProviderAgent agent = dialOut("linked-1", 4, Faults.none());
    assertEquals(
        LinkHandshake.linkEndpoint(fixture.market.brokerUrl()), agent.url(), "no inbound port");
    fixture.consumer.deploy("upper", wasm("upper"), DeployOptions.defaults());
    String consumerId = fixture.consumer.identity().id();
    long before = fixture.balance(consumerId);
    long earnedBefore = fixture.balance(agent.identity().id());
    List<Receipt> receipts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String input = "over the link " + i;
      InvocationResult result = invoke(fixture.consumer, "upper", input, InvokeOptions.defaults());
      assertEquals(InvocationResult.Status.OK, result.status());
      assertArrayEquals(input.toUpperCase().getBytes(StandardCharsets.UTF_8), result.output());
      assertEquals(agent.identity().id(), result.receipt().providerId());
      receipts.add(result.receipt());
    }
    for (Receipt receipt : receipts) {
      fixture.consumer.awaitSettled(receipt.invocationId(), Duration.ofSeconds(60));
    }
    long paid = receipts.stream().mapToLong(Receipt::amount).sum();
    long fees = receipts.stream().mapToLong(r -> Pricing.brokerFee(r.amount(), 500)).sum();
    assertEquals(before - paid, fixture.balance(consumerId));
    assertEquals(earnedBefore + paid - fees, fixture.balance(agent.identity().id()));
  }

  @Test
  void twoHundredInvocationsRunAtOnceOnOneLink() throws Exception {
    ProviderAgent agent = dialOut("linked-wide", 200, Faults.none());
    String providerId = agent.identity().id();
    fixture.consumer.deploy(
        "upper", wasm("upper"), DeployOptions.defaults().withMaxPricePerInvocation(10_000));
    int calls = 200;
    ExecutorService callers = Executors.newFixedThreadPool(calls + 1);
    AtomicBoolean running = new AtomicBoolean(true);
    try {
      // The status page counts what the broker has in flight to the provider: all on its link.
      Future<Integer> peak =
          callers.submit(
              () -> {
                int most = 0;
                while (running.get()) {
                  most = Math.max(most, providerView(providerId).get("activeInvocations").asInt());
                }
                return most;
              });
      CountDownLatch go = new CountDownLatch(1);
      List<Future<InvocationResult>> results = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        String input = "call " + i;
        results.add(
            callers.submit(
                () -> {
                  go.await();
                  return invoke(fixture.consumer, "upper", input, InvokeOptions.defaults());
                }));
      }
      go.countDown();
      for (int i = 0; i < calls; i++) {
        InvocationResult result = results.get(i).get();
        assertEquals(InvocationResult.Status.OK, result.status(), "call " + i);
        assertArrayEquals(("CALL " + i).getBytes(StandardCharsets.UTF_8), result.output());
        assertEquals(providerId, result.receipt().providerId());
      }
      running.set(false);
      int most = peak.get();
      System.out.println("most invocations in flight on the link at once: " + most);
      assertTrue(most >= 10, "at most " + most + " in flight at once");
    } finally {
      running.set(false);
      callers.shutdownNow();
    }
  }

  @Test
  void aLinkDroppedMidCallMovesTheCallElsewhereAndTheConsumerPaysOnce() throws Exception {
    // The dropper is the cheapest, so it is asked first; its link breaks while the function runs.
    ProviderAgent dropper =
        fixture.market.startExtraAgent(
            "dropper",
            b -> b.inbound(Inbound.NONE).pricePerInvocation(1).faults(Faults.dropLinkMidCall()),
            QUIET);
    ProviderAgent steady = dialOut("steady", 4, Faults.none());
    awaitLinked(dropper);
    awaitServing(2);
    // A slow function: it spins until its deadline, a function error that is paid for.
    fixture.consumer.deploy(
        "slow",
        wasm("loop"),
        DeployOptions.defaults()
            .withTimeout(Duration.ofMillis(1500))
            .withMaxPricePerInvocation(100_000));
    String consumerId = fixture.consumer.identity().id();
    long before = fixture.balance(consumerId);
    long dropperBefore = fixture.balance(dropper.identity().id());

    InvocationResult result = invoke(fixture.consumer, "slow", "", InvokeOptions.defaults());

    assertEquals(InvocationResult.Status.FUNCTION_ERROR, result.status());
    assertEquals(steady.identity().id(), result.receipt().providerId(), "answered by another");
    fixture.consumer.awaitSettled(result.invocationId(), Duration.ofSeconds(60));
    assertEquals(before - result.receipt().amount(), fixture.balance(consumerId), "paid once");
    assertEquals(dropperBefore, fixture.balance(dropper.identity().id()), "dropper unpaid");
    var dropperView = providerView(dropper.identity().id());
    assertTrue(dropperView.get("faults").asLong() >= 1, dropperView.toString());
    awaitLinked(dropper); // and it came back
  }

  /** A link-only agent of this market, once its link is up and the broker routes to it. */
  private ProviderAgent dialOut(String name, int concurrency, Faults faults) throws Exception {
    ProviderAgent agent =
        fixture.market.startExtraAgent(
            name, b -> b.inbound(Inbound.NONE).maxConcurrency(concurrency).faults(faults), QUIET);
    awaitLinked(agent);
    return agent;
  }

  private void awaitLinked(ProviderAgent agent) {
    Await.until(agent.identity().id() + " linked", agent::linked);
  }

  private void awaitServing(int providers) {
    Await.until(
        providers + " providers serving",
        () -> publicMarket().get("summary").get("providers").asInt() >= providers);
  }

  private com.fasterxml.jackson.databind.JsonNode providerView(String providerId) throws Exception {
    for (var provider : publicMarket().get("providers")) {
      if (provider.get("providerId").asText().equals(providerId)) {
        return provider;
      }
    }
    throw new AssertionError(providerId + " not on the status page");
  }

  private com.fasterxml.jackson.databind.JsonNode publicMarket() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(fixture.market.brokerUrl() + "/api/v1/public/market"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return Json.tree(response.body());
  }

  private static InvocationResult invoke(
      EdgeMarket consumer, String function, String input, InvokeOptions options) throws Exception {
    return consumer.invoke(function, input.getBytes(StandardCharsets.UTF_8), options);
  }

  private static byte[] wasm(String name) throws Exception {
    return Files.readAllBytes(Path.of("../samples/wasm/" + name + ".wasm"));
  }
}
