package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.InvokeOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: what {@code ./edgemarket up} sets out (three agents at their profiles' prices, the
 * consumer credited {@link LocalMarket#INITIAL_ESCROW}) and a function deployed with the default
 * options take 64 calls at once from one consumer without a refusal for money. Holding each call's
 * maxPrice (1,000,000 of 5,000,000) refused all but five in flight; the function's fuel limit lets
 * each hold only what its run can cost (40,080 at most on up's offers).
 *
 * <p>up's three agents have four slots each: a call that finds every matched agent's slots taken
 * waits for one to free up (the broker's SlotWait) instead of failing as "busy", so every one of
 * the 64 calls is served.
 */
class ConcurrentCallsIT {
  private static final int CALLS = 64;

  @TempDir static Path dir;
  static MarketFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new MarketFixture(dir.resolve("market"), 3);
    byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
    fixture.consumer.deploy("upper", upper, DeployOptions.defaults());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void sixtyFourConcurrentCallsWithUpsDefaultsAreAllServedAndChargedTheirReceipts()
      throws Exception {
    String consumerId = fixture.consumer.identity().id();
    long before = fixture.balance(consumerId);
    assertEquals(LocalMarket.INITIAL_ESCROW, before, "up's funding, untouched");
    ExecutorService callers = Executors.newFixedThreadPool(CALLS);
    List<Receipt> receipts = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
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
          assertEquals(InvocationResult.Status.OK, result.status(), "call " + i);
          assertArrayEquals(("CALL " + i).getBytes(StandardCharsets.UTF_8), result.output());
          receipts.add(result.receipt());
        } catch (ExecutionException e) {
          refusals.add("call " + i + ": " + e.getCause());
        }
      }
    } finally {
      callers.shutdownNow();
    }
    assertEquals(List.of(), refusals, "no call refused or failed");
    assertEquals(CALLS, receipts.size());
    for (Receipt receipt : receipts) {
      assertTrue(receipt.usage().fuel() <= DeployOptions.DEFAULT_MAX_FUEL);
      fixture.consumer.awaitSettled(receipt.invocationId(), Duration.ofSeconds(60));
    }
    long charged = receipts.stream().mapToLong(Receipt::amount).sum();
    assertEquals(before - charged, fixture.balance(consumerId), "charged exactly its receipts");
  }
}
