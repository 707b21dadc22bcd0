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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampled redundant execution over real HTTP against three stand-in agents, the cheapest of which
 * lies: the broker outvotes it with a third run, the ledger's dispute slashes it, the consumer gets
 * the majority's answer and pays only the runs that agreed; afterwards honest runs agree and both
 * are paid. A minimum stake no offer has leaves nothing to match.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedundancyTest {
  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent liar;
  private FakeAgent second;
  private FakeAgent third;
  private SignedClient alice;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 3, Duration.ofMillis(50));
    liar = market.provider("cheap-liar", 10, 1);
    // Far dearer than the liar, so that price outweighs load and latency and the liar runs first.
    second = market.provider("p2", 600, 1);
    third = market.provider("p3", 700, 1);
    liar.mode(FakeAgent.Mode.LIAR);
    market.awaitServing(liar, second, third);
    alice = market.client(market.consumer);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  private FunctionSpec deploy(String name, TrustLevel level, long samplePpm, long minStake)
      throws Exception {
    // A version keeps the trust it was first registered with: register the code anew by name.
    FunctionSpec plain = market.deploy(market.consumer, name + "-code", 1_000);
    FunctionSpec spec =
        new FunctionSpec(
            null,
            name,
            null,
            plain.digest(),
            plain.runtime(),
            plain.memoryLimitBytes(),
            plain.timeoutMs(),
            level,
            plain.maxPricePerInvocation(),
            0,
            samplePpm,
            minStake);
    return Json.read(
        market.gateway(market.consumer).submit(Transactions.REGISTER_FUNCTION, Json.write(spec)),
        FunctionSpec.class);
  }

  private InvocationResult invoke(FunctionSpec function, String input) {
    InvocationRequest request = market.request(function, bytes(input), 1_000);
    SignedClient.Response response = alice.post("/api/v1/invocations", request);
    assertEquals(200, response.status(), response.text());
    return response.as(InvocationResult.class);
  }

  @Test
  @Order(1)
  void theLiarIsOutvotedAndSlashedThenHonestRunsAgree() throws Exception {
    FunctionSpec checked = deploy("checked", TrustLevel.REDUNDANT, Sampling.PPM, 0);
    String liarId = liar.identity().id();
    InvocationResult caught = invoke(checked, "hello");
    assertArrayEquals(bytes("HELLO"), caught.output(), caught::toString);
    Verification how = caught.verification();
    assertEquals("redundant", how.level());
    // The liar undercuts the others, so it runs first; which honest provider ranks next depends on
    // live load and latency, so only the set of the other two is fixed.
    Set<String> honest = Set.of(second.identity().id(), third.identity().id());
    assertEquals(liarId, how.providers().get(0), how::toString);
    assertEquals(honest, Set.copyOf(how.providers().subList(1, how.providers().size())));
    assertEquals(Verification.PROVIDER_SLASHED, how.outcome(), caught::toString);
    assertTrue(honest.contains(caught.providerId()), caught::toString);
    Records.Dispute dispute =
        Json.read(
            market
                .gateway(market.auditor)
                .evaluate(Transactions.GET_DISPUTE, caught.invocationId()),
            Records.Dispute.class);
    assertEquals(List.of(liarId), dispute.slashed());

    market.awaitSettlementIdle();
    long before = market.balance(market.consumer.id());
    long liarBefore = market.balance(liarId);
    InvocationResult agreed = invoke(checked, "again");
    assertArrayEquals(bytes("AGAIN"), agreed.output());
    assertEquals(Verification.AGREED, agreed.verification().outcome(), agreed::toString);
    assertEquals(
        honest,
        Set.copyOf(agreed.verification().providers()),
        "the provider that lost a dispute is ranked after every other");
    Await.until(
        "both runs paid",
        () -> market.balance(market.consumer.id()) == before - second.cost() - third.cost());
    assertEquals(liarBefore, market.balance(liarId));
  }

  @Test
  void unsampledAndReceiptOnlyCallsRunOnce() throws Exception {
    FunctionSpec never = deploy("never", TrustLevel.REDUNDANT, 0, 0);
    InvocationResult result = invoke(never, "once");
    assertEquals(Verification.NOT_SAMPLED, result.verification().outcome());
    assertEquals(1, result.verification().providers().size());
  }

  @Test
  void aMinimumStakeNoOfferHasMatchesNothing() throws Exception {
    FunctionSpec staked = deploy("staked", TrustLevel.RECEIPT, Sampling.DEFAULT_PPM, 1);
    InvocationRequest request = market.request(staked, bytes("x"), 1_000);
    SignedClient.Response response = alice.post("/api/v1/invocations", request);
    assertEquals(503, response.status(), response.text());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
