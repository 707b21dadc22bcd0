package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.InvokeOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 (load and bursts): a consumer's burst far above its limit of calls in flight completes
 * entirely through the SDK, whose calls the broker refuses with 429 and Retry-After and which sends
 * the same tickets again after it: every call served, each charged exactly once.
 */
class BurstIT {
  private static final int LIMIT = 2;
  private static final int CALLS = 24;
  private static final Pattern THROTTLED =
      Pattern.compile("edgemarket_invocations_throttled_total\\{reason=\"in_flight\"[^}]*} (\\S+)");

  @TempDir static Path dir;
  static MarketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new MarketFixture(dir.resolve("market"), 3, new ConsumerLimits(LIMIT, 0));
    byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
    fixture.consumer.deploy("upper", upper, DeployOptions.defaults());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aBurstAboveTheLimitCompletesThroughBackOffAndEveryCallIsChargedOnce() throws Exception {
    String consumerId = fixture.consumer.identity().id();
    long before = fixture.balance(consumerId);
    ExecutorService callers = Executors.newFixedThreadPool(CALLS);
    List<Receipt> receipts = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<InvocationResult>> results = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        byte[] input = ("call " + i).getBytes(StandardCharsets.UTF_8);
        results.add(
            callers.submit(
                () -> {
                  go.await();
                  return fixture.consumer.invoke("upper", input, InvokeOptions.defaults());
                }));
      }
      go.countDown();
      for (int i = 0; i < CALLS; i++) {
        try {
          InvocationResult result = results.get(i).get();
          assertArrayEquals(("CALL " + i).getBytes(StandardCharsets.UTF_8), result.output());
          receipts.add(result.receipt());
        } catch (ExecutionException e) {
          failures.add("call " + i + ": " + e.getCause());
        }
      }
    } finally {
      callers.shutdownNow();
    }
    assertEquals(List.of(), failures, "every call of the burst served");
    assertTrue(throttled() > 0, "the burst was above the limit: some calls were refused with 429");
    Set<String> invocations = new HashSet<>();
    for (Receipt receipt : receipts) {
      invocations.add(receipt.invocationId());
      fixture.consumer.awaitSettled(receipt.invocationId(), Duration.ofSeconds(60));
    }
    assertEquals(CALLS, invocations.size(), "one invocation per call");
    long charged = receipts.stream().mapToLong(Receipt::amount).sum();
    assertEquals(before - charged, fixture.balance(consumerId), "each charged exactly once");
  }

  private static double throttled() throws Exception {
    URI metrics = fixture.market.brokerUrl().resolve("/metrics");
    String text =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher found = THROTTLED.matcher(text);
    return found.find() ? Double.parseDouble(found.group(1)) : 0;
  }
}
