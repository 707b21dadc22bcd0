package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Sampling;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Verification;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case the market simulator found: the two cheapest providers lie, each its own lie. Before,
 * the cheapest checked each other in rank order, so primary and redundant run disagreed, a third
 * (honest) run left three outputs and no majority, every call stayed disputed, nobody was slashed,
 * and the liars kept winning placement on price. Now checkers are drawn among the matched offers
 * and runs go on until a strict majority agrees (at most five): whatever the draw, each call
 * answers the honest output, every liar that ran is slashed, no honest provider is, and the
 * consumer pays only the honest runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedundancyTwoLiarsTest {
  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent liarA;
  private FakeAgent liarB;
  private List<FakeAgent> honest;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 5, Duration.ofMillis(50));
    // Far cheaper than the honest ones, so that price outweighs load and latency: they run first.
    liarA = market.provider("liar-a", 10, 1);
    liarB = market.provider("liar-b", 11, 1);
    honest =
        List.of(
            market.provider("h1", 600, 1),
            market.provider("h2", 610, 1),
            market.provider("h3", 620, 1));
    liarA.mode(FakeAgent.Mode.LIAR);
    liarB.mode(FakeAgent.Mode.LIAR);
    market.awaitServing(liarA, liarB, honest.get(0), honest.get(1), honest.get(2));
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void liarsAreOutvotedWhoeverChecksThem() throws Exception {
    FunctionSpec checked = deployChecked();
    Set<String> liars = Set.of(liarA.identity().id(), liarB.identity().id());
    Map<String, Long> prices = new HashMap<>();
    for (FakeAgent agent : List.of(liarA, liarB, honest.get(0), honest.get(1), honest.get(2))) {
      prices.put(agent.identity().id(), agent.cost());
    }
    Set<String> slashedSoFar = new HashSet<>();
    for (int call = 0; call < 4; call++) {
      market.awaitSettlementIdle();
      long before = market.balance(market.consumer.id());
      String input = "hello " + call;
      InvocationResult result = invoke(checked, input);
      assertArrayEquals(
          input.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8),
          result.output(),
          result::toString);
      Verification how = result.verification();
      assertTrue(how.providers().size() <= 5, how::toString);
      assertEquals(how.providers().size(), Set.copyOf(how.providers()).size(), how::toString);
      Set<String> liarsThatRan = new HashSet<>(how.providers());
      liarsThatRan.retainAll(liars);
      long honestCost =
          how.providers().stream().filter(id -> !liars.contains(id)).mapToLong(prices::get).sum();
      long refunded = 0;
      if (liarsThatRan.isEmpty()) {
        assertEquals(Verification.AGREED, how.outcome(), result::toString);
      } else {
        assertEquals(Verification.PROVIDER_SLASHED, how.outcome(), result::toString);
        Records.Dispute dispute =
            Json.read(
                market
                    .gateway(market.auditor)
                    .evaluate(Transactions.GET_DISPUTE, result.invocationId()),
                Records.Dispute.class);
        assertEquals(liarsThatRan, Set.copyOf(dispute.slashed()), dispute::toString);
        refunded = dispute.refunded();
        slashedSoFar.addAll(dispute.slashed());
      }
      long expected = before - honestCost + refunded;
      Await.until("the honest runs paid", () -> market.balance(market.consumer.id()) <= expected);
      assertEquals(expected, market.balance(market.consumer.id()), "only the honest runs paid");
    }
    assertTrue(slashedSoFar.contains(liarA.identity().id()), "the cheapest liar ran and lost");
  }

  private InvocationResult invoke(FunctionSpec function, String input) throws Exception {
    InvocationRequest request =
        market.request(function, input.getBytes(StandardCharsets.UTF_8), 1_000);
    SignedClient.Response response =
        market.client(market.consumer).post("/api/v1/invocations", request);
    assertEquals(200, response.status(), response.text());
    return response.as(InvocationResult.class);
  }

  private FunctionSpec deployChecked() throws Exception {
    FunctionSpec plain = market.deploy(market.consumer, "checked-code", 1_000);
    FunctionSpec spec =
        new FunctionSpec(
            null,
            "checked",
            null,
            plain.digest(),
            plain.runtime(),
            plain.memoryLimitBytes(),
            plain.timeoutMs(),
            TrustLevel.REDUNDANT,
            plain.maxPricePerInvocation(),
            0,
            (long) Sampling.PPM,
            0L);
    return Json.read(
        market.gateway(market.consumer).submit(Transactions.REGISTER_FUNCTION, Json.write(spec)),
        FunctionSpec.class);
  }
}
