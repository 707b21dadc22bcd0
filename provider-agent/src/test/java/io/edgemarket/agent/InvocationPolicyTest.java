package io.edgemarket.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Pricing;
import io.edgemarket.model.crypto.TrustRoots;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The fuel cap: the largest fuel whose price fits in the ticket's maxPrice, and no more. */
class InvocationPolicyTest {
  private static final Market MARKET = new Market();

  @AfterAll
  static void tearDown() {
    MARKET.close();
  }

  @Test
  void theCapIsTheMostFuelThatFitsInMaxPrice() throws AgentException {
    long[] perInvocation = {0, 1, 10, 999};
    long[] perMegaFuel = {1, 2, 3, 7, 1_000, 999_999, 1_000_001, 123_456_789};
    for (long pi : perInvocation) {
      for (long pm : perMegaFuel) {
        InvocationPolicy policy = policy(pi, pm);
        for (long extra : new long[] {0, 1, 2, 5, 1_000, 1_234_567}) {
          long maxPrice = pi + extra;
          long cap = policy.fuelCap(maxPrice).orElseThrow();
          assertTrue(Pricing.amount(pi, pm, cap) <= maxPrice, "cap within maxPrice");
          assertTrue(Pricing.amount(pi, pm, cap + 1) > maxPrice, "cap is the largest");
        }
      }
    }
  }

  @Test
  void aFlatPriceNeedsNoCap() throws AgentException {
    assertEquals(OptionalLong.empty(), policy(10, 0).fuelCap(10));
  }

  @Test
  void theFunctionsMaxFuelCapsWhatMaxPriceWouldStillAfford() throws AgentException {
    // up's eu-west offer: 100 + 20 per million fuel; 1,000,000 affords 49,995,000,000 fuel.
    InvocationPolicy policy = policy(100, 20);
    assertEquals(49_995_000_000L, policy.fuelCap(1_000_000).orElseThrow());
    assertEquals(1_000_000_000L, policy.fuelCap(1_000_000, 1_000_000_000L).orElseThrow());
    assertEquals(
        49_995_000_000L, policy.fuelCap(1_000_000, 100_000_000_000L).orElseThrow(), "the lesser");
    assertEquals(49_995_000_000L, policy.fuelCap(1_000_000, Long.MAX_VALUE).orElseThrow());
    // A flat price no longer leaves fuel unbounded when the function bounds it.
    assertEquals(OptionalLong.of(7), policy(10, 0).fuelCap(10, 7));
    assertEquals(OptionalLong.empty(), policy(10, 0).fuelCap(10, Long.MAX_VALUE));
    // A verifier re-runs under exactly the provider's cap.
    assertEquals(
        policy.fuelCap(1_000_000, 1_000_000_000L),
        InvocationPolicy.fuelCap(1_000_000, 100, 20, 1_000_000_000L));
  }

  @Test
  void aHugeMaxPriceDoesNotOverflow() throws AgentException {
    assertEquals(Long.MAX_VALUE, policy(0, 1).fuelCap(Long.MAX_VALUE).orElseThrow());
  }

  @Test
  void aMaxPriceBelowTheInvocationPriceIsRefused() {
    AgentException e = assertThrows(AgentException.class, () -> policy(10, 2).fuelCap(9));
    assertEquals(400, e.status());
  }

  private static InvocationPolicy policy(long perInvocation, long perMegaFuel) {
    return new InvocationPolicy(
        new AgentConfig(
            URI.create("http://127.0.0.1:1"),
            MARKET.provider,
            TrustRoots.of(MARKET.ca),
            Path.of("unused"),
            1000,
            512,
            1,
            perInvocation,
            perMegaFuel,
            "local",
            0,
            0,
            "127.0.0.1",
            0,
            Duration.ofSeconds(2),
            Duration.ofMinutes(5),
            null,
            0,
            Faults.none(),
            false,
            Inbound.INVOKE,
            null));
  }
}
