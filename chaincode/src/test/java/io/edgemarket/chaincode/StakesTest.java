package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.MarketConfig;
import io.edgemarket.model.ledger.Records.Stake;
import io.edgemarket.testing.InvocationSamples;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Stakes stay in the provider's balance, cannot be moved while held, and come back late. */
class StakesTest {
  private final Market market = new Market();

  private String publish(String offerId, long stake) {
    String json =
        Json.write(InvocationSamples.offer(offerId, market.now() + 86_400_000).withStake(stake));
    return market.submit(market.provider, ctx -> market.offers.publishOffer(ctx, json));
  }

  private Balance balance() {
    String id = market.provider.id();
    return Json.read(
        market.evaluate(market.provider, ctx -> market.accounts.getBalance(ctx, id)),
        Balance.class);
  }

  @Test
  void aStakeIsLockedInTheProvidersOwnBalanceAndReleasedOnlyAfterTheDelay() {
    market.fund(market.provider, 10_000);
    publish("staked", 6_000);
    assertEquals(new Balance(market.provider.id(), 10_000, 6_000L), balance());
    String to = market.consumer.id();
    market.fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        market.provider,
        ctx -> market.accounts.transfer(ctx, to, "4001", "too much"));
    market.submit(market.provider, ctx -> market.accounts.transfer(ctx, to, "4000", "spare"));
    // Republishing may keep or raise the stake, never lower it, and raising needs spendable money.
    publish("staked", 6_000);
    market.fails(ErrorCodes.BAD_REQUEST, market.provider, ctx -> lower(ctx, 5_000));
    market.fails(ErrorCodes.INSUFFICIENT_FUNDS, market.provider, ctx -> lower(ctx, 6_001));
    // Nor can a second offer lock the same money again.
    String other =
        Json.write(InvocationSamples.offer("other", market.now() + 86_400_000).withStake(1));
    market.fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        market.provider,
        ctx -> market.offers.publishOffer(ctx, other));

    market.fails(
        ErrorCodes.BAD_REQUEST, market.provider, ctx -> market.offers.releaseStake(ctx, "staked"));
    market.submit(market.provider, ctx -> market.offers.withdrawOffer(ctx, "staked"));
    market.fails(
        ErrorCodes.TOO_EARLY, market.provider, ctx -> market.offers.releaseStake(ctx, "staked"));
    market.fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        market.provider,
        ctx -> market.accounts.transfer(ctx, to, "1", "while releasing"));
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> market.offers.releaseStake(ctx, "staked"));
    market.advance(Duration.ofMillis(new MarketConfig(null, 0, null).withdrawalDelay()));
    Stake released =
        Json.read(
            market.submit(market.provider, ctx -> market.offers.releaseStake(ctx, "staked")),
            Stake.class);
    assertEquals(Stake.RELEASED, released.status());
    Balance free = balance();
    assertEquals(6_000, free.balance());
    assertNull(free.locked());
    market.submit(market.provider, ctx -> market.accounts.transfer(ctx, to, "6000", "all"));
    assertEquals(0, market.totalOfAllBalances());
  }

  private String lower(org.hyperledger.fabric.contract.Context ctx, long stake) {
    String json =
        Json.write(InvocationSamples.offer("staked", market.now() + 86_400_000).withStake(stake));
    return market.offers.publishOffer(ctx, json);
  }

  @Test
  void anUnstakedBaseValueIsStoredAsBefore() {
    assertEquals("{\"accountId\":\"a\",\"balance\":5}", Json.write(new Balance("a", 5)));
    assertEquals(
        new Balance("a", 5), Json.read("{\"accountId\":\"a\",\"balance\":5}", Balance.class));
  }

  @Test
  void functionsKeepTheirTrustAndRefuseImpossibleOnes() {
    FunctionSpec redundant =
        InvocationSamples.function("checked").withTrust(TrustLevel.REDUNDANT, 250_000, 5_000);
    String json = Json.write(redundant);
    FunctionSpec stored =
        Json.read(
            market.submit(market.consumer, ctx -> market.functions.registerFunction(ctx, json)),
            FunctionSpec.class);
    assertEquals(TrustLevel.REDUNDANT, stored.trustLevel());
    assertEquals(250_000, stored.samplePpm());
    assertEquals(5_000, stored.minStake());
    String id = stored.functionId();
    String digest = stored.digest();
    FunctionSpec version =
        Json.read(
            market.evaluate(
                market.provider, ctx -> market.functions.getFunctionVersion(ctx, id, digest)),
            FunctionSpec.class);
    assertEquals(5_000, version.minStake());
    for (FunctionSpec bad :
        new FunctionSpec[] {
          InvocationSamples.function("c1").withTrust(TrustLevel.REDUNDANT, 1_000_001, 0),
          InvocationSamples.function("c2").withTrust(TrustLevel.REDUNDANT, -1, 0),
          InvocationSamples.function("c3").withTrust(TrustLevel.RECEIPT, 0, -1),
          InvocationSamples.function("c4").withTrust(TrustLevel.RECEIPT, 0, 1_000_000_000_000_001L),
          ociReexecuted()
        }) {
      String badJson = Json.write(bad);
      market.fails(
          ErrorCodes.BAD_REQUEST,
          market.consumer,
          ctx -> market.functions.registerFunction(ctx, badJson));
    }
  }

  private static FunctionSpec ociReexecuted() {
    FunctionSpec wasm = InvocationSamples.function("c5");
    return new FunctionSpec(
        null,
        wasm.name(),
        null,
        wasm.digest(),
        FunctionSpec.RUNTIME_OCI,
        wasm.memoryLimitBytes(),
        wasm.timeoutMs(),
        TrustLevel.REEXECUTE,
        wasm.maxPricePerInvocation(),
        0,
        100_000L,
        0L);
  }
}
