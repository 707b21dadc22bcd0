package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.BridgeRecords.Deposit;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Governance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deposits credited by the bridge (SECURITY.md row 29), on the embedded ledger's real stub: once
 * per chain event, only by the bridge, from the chain's clearing account, within the supply.
 */
class BridgeDepositsTest {
  private final Market market = new Market();
  private final Bridging bridging = new Bridging(market);
  private final BridgeContract contract = bridging.contract;

  @Test
  void anEventIsCreditedOnceFromTheChainsClearingAccountWhateverTheHashsCase() {
    Deposit first = bridging.deposit(1, market.provider, 500);
    assertEquals(Bridging.CHAIN + ":" + Bridging.hash(1) + ":0", first.eventId());
    assertEquals(500, market.balance(market.provider));
    assertEquals(-500, market.balance(Bridging.clearing()));
    // Delivered again, and again with the hash in capitals: the first answer, no second credit.
    assertEquals(first, bridging.deposit(1, market.provider, 500));
    String upper = "0x" + Bridging.hash(1).substring(2).toUpperCase();
    String again =
        market.submit(
            bridging.bridge,
            ctx ->
                contract.creditDeposit(
                    ctx,
                    "31337",
                    Bridging.CONTRACT,
                    upper,
                    "0",
                    "101",
                    market.provider.id(),
                    "500"));
    assertEquals(first, Json.read(again, Deposit.class));
    assertEquals(500, market.balance(market.provider));
    BridgeState state = bridging.state();
    assertEquals(500, state.deposited());
    assertEquals(1, state.deposits());
    assertEquals(
        1, market.journal().stream().filter(e -> Journal.DEPOSIT.equals(e.kind())).count());
    assertEquals(0, market.totalOfAllBalances());
    // The credited account and the bridge may read it; another consumer may not.
    assertEquals(
        first,
        Json.read(
            market.evaluate(market.provider, ctx -> contract.getDeposit(ctx, first.eventId())),
            Deposit.class));
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> contract.getDeposit(ctx, first.eventId()));
  }

  @Test
  void theSameEventWithAnotherAccountAmountOrContractIsRefused() {
    bridging.deposit(2, market.provider, 500);
    market.fails(
        ErrorCodes.CONFLICT, bridging.bridge, bridging.depositCall(2, market.provider.id(), 501));
    market.fails(
        ErrorCodes.CONFLICT, bridging.bridge, bridging.depositCall(2, market.consumer.id(), 500));
    String other = "0x" + "1".repeat(40);
    market.fails(
        ErrorCodes.CONFLICT,
        bridging.bridge,
        ctx ->
            contract.creditDeposit(
                ctx,
                Bridging.CHAIN,
                other,
                Bridging.hash(2),
                "0",
                "100",
                market.provider.id(),
                "500"));
    assertEquals(500, market.balance(market.provider));
    assertEquals(0, market.balance(market.consumer));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void nobodyButTheBridgeCreditsADepositAndOnlyToARegisteredAccount() {
    for (Identity who :
        List.of(market.consumer, market.provider, market.broker, market.admin, market.auditor)) {
      market.fails(ErrorCodes.FORBIDDEN, who, bridging.depositCall(3, who.id(), 1_000));
      assertEquals(0, market.balance(who));
    }
    Identity unregistered = market.enroll("bridge-2", Role.BRIDGE);
    market.fails(
        ErrorCodes.NOT_REGISTERED, unregistered, bridging.depositCall(3, market.consumer.id(), 1));
    market.fails(
        ErrorCodes.NOT_REGISTERED, bridging.bridge, bridging.depositCall(3, "nobody@Nowhere", 1));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        bridging.bridge,
        ctx ->
            contract.creditDeposit(
                ctx, "31337", Bridging.CONTRACT, "0x12", "0", "1", market.consumer.id(), "1"));
    market.fails(
        ErrorCodes.BAD_REQUEST, bridging.bridge, bridging.depositCall(3, market.consumer.id(), 0));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void depositsAndIssuanceTogetherStopAtTheSupplyBound() {
    long credits = Money.MAX_SUPPLY / Money.MAX_AMOUNT;
    for (int i = 0; i < credits - 1; i++) {
      bridging.deposit(100 + i, market.consumer, Money.MAX_AMOUNT);
    }
    market.fund(market.consumer, Money.MAX_AMOUNT);
    market.fails(
        ErrorCodes.BAD_REQUEST, bridging.bridge, bridging.depositCall(99, market.consumer.id(), 1));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.admin,
        ctx -> market.accounts.creditEscrow(ctx, market.consumer.id(), "1", "one more"));
    assertEquals(Money.MAX_SUPPLY, market.balance(market.consumer));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void theCursorNeverGoesBackAndOnlyTheBridgeMovesIt() {
    market.fails(ErrorCodes.NOT_FOUND, market.consumer, ctx -> contract.getBridgeState(ctx, "1"));
    market.submit(bridging.bridge, ctx -> contract.setCursor(ctx, Bridging.CHAIN, "120"));
    market.submit(bridging.bridge, ctx -> contract.setCursor(ctx, Bridging.CHAIN, "120"));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        bridging.bridge,
        ctx -> contract.setCursor(ctx, Bridging.CHAIN, "119"));
    market.fails(
        ErrorCodes.FORBIDDEN, market.broker, ctx -> contract.setCursor(ctx, Bridging.CHAIN, "500"));
    assertEquals(120, bridging.state().cursor());
    market.submit(bridging.bridge, ctx -> contract.setCursor(ctx, Bridging.CHAIN, "121"));
    assertEquals(121, bridging.state().cursor());
  }

  @Test
  void aGovernedMarketRefusesABridgeItsGovernanceDoesNotBind() {
    String msp = market.admin.mspId();
    Map<String, List<String>> roles =
        Map.of(
            "provider", List.of(msp),
            "consumer", List.of(msp),
            "broker", List.of(msp),
            "auditor", List.of(msp),
            "admin", List.of(msp));
    String unbound = Json.write(new Governance(List.of(msp), roles, 0, null));
    market.submit(market.admin, ctx -> new GovernanceContract().setGovernance(ctx, unbound));
    String message =
        market.fails(
            ErrorCodes.FORBIDDEN,
            bridging.bridge,
            bridging.depositCall(4, market.provider.id(), 9));
    assertTrue(message.contains("bridge"), message);
    Map<String, List<String>> bound = new java.util.TreeMap<>(roles);
    bound.put("bridge", List.of(msp));
    String withBridge = Json.write(new Governance(List.of(msp), bound, 0, null));
    market.submit(market.admin, ctx -> new GovernanceContract().setGovernance(ctx, withBridge));
    bridging.deposit(4, market.provider, 9);
    assertEquals(9, market.balance(market.provider));
  }
}
