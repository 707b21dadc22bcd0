package io.edgemarket.chaincode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.MarketConfig;
import io.edgemarket.testing.InvocationSamples;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Withdrawals to a chain (SECURITY.md row 30), on the embedded ledger's real stub: debited on the
 * ledger before they are paid, each with the chain's next nonce, paid once, only of one's own
 * spendable money, a consumer's only after the delay that protects the tickets it signed.
 */
class BridgeWithdrawalsTest {
  private final Market market = new Market();
  private final Bridging bridging = new Bridging(market);
  private final BridgeContract contract = bridging.contract;

  @Test
  void aProvidersWithdrawalIsDebitedAtOnceWithTheNextNonceAndMarkedPaidOnce() {
    bridging.deposit(1, market.provider, 1_000);
    Withdrawal first = bridging.withdraw(market.provider, 300);
    Withdrawal second = bridging.withdraw(market.provider, 100);
    assertEquals(Withdrawal.PENDING, first.status());
    assertEquals(1L, first.nonce());
    assertEquals(2L, second.nonce());
    assertEquals(Bridging.TO, first.toAddress());
    assertEquals(600, market.balance(market.provider));
    assertEquals(-600, market.balance(Bridging.clearing()));
    assertEquals(List.of(first, second), bridging.list(bridging.bridge, Withdrawal.PENDING));

    Withdrawal paid = bridging.markPaid(first.withdrawalId(), 7);
    assertEquals(Withdrawal.PAID, paid.status());
    assertEquals(Bridging.hash(7), paid.paidTxHash());
    // The bridge restarted and records the same payment again: the same answer.
    assertEquals(paid, bridging.markPaid(first.withdrawalId(), 7));
    market.fails(
        ErrorCodes.CONFLICT,
        bridging.bridge,
        ctx -> contract.markWithdrawalPaid(ctx, first.withdrawalId(), Bridging.hash(8)));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.provider,
        ctx -> contract.markWithdrawalPaid(ctx, second.withdrawalId(), Bridging.hash(9)));
    assertEquals(List.of(second), bridging.list(bridging.bridge, Withdrawal.PENDING));
    assertEquals(List.of(paid), bridging.list(bridging.bridge, Withdrawal.PAID));
    BridgeState state = bridging.state();
    assertEquals(3, state.nextNonce());
    assertEquals(400, state.withdrawn());
    assertEquals(600, market.balance(market.provider));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void aWithdrawalBeyondTheSpendableBalanceOrTheChainsHoldingsIsRefused() {
    bridging.deposit(2, market.provider, 1_000);
    String offer =
        Json.write(InvocationSamples.offer("staked", market.now() + 86_400_000).withStake(600));
    market.submit(market.provider, ctx -> market.offers.publishOffer(ctx, offer));
    market.fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        market.provider,
        ctx -> contract.requestWithdrawal(ctx, "401", Bridging.TO, Bridging.CHAIN));
    bridging.withdraw(market.provider, 400);
    // Money issued on the ledger never went through the chain, so it does not leave through it.
    market.fund(market.provider2, 5_000);
    market.fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        market.provider2,
        ctx -> contract.requestWithdrawal(ctx, "601", Bridging.TO, Bridging.CHAIN));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.provider2,
        ctx -> contract.requestWithdrawal(ctx, "0", Bridging.TO, Bridging.CHAIN));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        market.provider2,
        ctx -> contract.requestWithdrawal(ctx, "1", "0x1234", Bridging.CHAIN));
    market.fails(
        ErrorCodes.NOT_FOUND,
        market.provider2,
        ctx -> contract.requestWithdrawal(ctx, "1", Bridging.TO, "1"));
    assertEquals(600, market.balance(market.provider));
    assertEquals(5_000, market.balance(market.provider2));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void nobodyWithdrawsOrSeesSomeoneElsesMoney() {
    bridging.deposit(3, market.provider, 1_000);
    Withdrawal own = bridging.withdraw(market.provider, 100);
    // A withdrawal names no payer: it is always the caller's, and provider-2 has nothing.
    market.fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        market.provider2,
        ctx -> contract.requestWithdrawal(ctx, "900", Bridging.TO, Bridging.CHAIN));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.provider2,
        ctx -> contract.getWithdrawal(ctx, own.withdrawalId()));
    assertEquals(List.of(), bridging.list(market.provider2, ""));
    assertEquals(List.of(own), bridging.list(market.provider, ""));
    market.fails(
        ErrorCodes.BAD_REQUEST, bridging.bridge, ctx -> contract.listWithdrawals(ctx, "", "", ""));
    assertEquals(900, market.balance(market.provider));
    assertEquals(0, market.totalOfAllBalances());
  }

  @Test
  void aConsumersWithdrawalWaitsForTheDelayAndIsCoveredAgainWhenReleased() {
    bridging.deposit(4, market.consumer, 1_000);
    Withdrawal first = bridging.withdraw(market.consumer, 600);
    Withdrawal second = bridging.withdraw(market.consumer, 600);
    long delay = MarketConfig.DEFAULT_SETTLEMENT_WINDOW_MS + MarketConfig.DEFAULT_MAX_TICKET_TTL_MS;
    assertEquals(Withdrawal.WAITING, first.status());
    assertNull(first.nonce());
    assertEquals(first.requestedAt() + delay, first.payableAt());
    assertEquals(1_000, market.balance(market.consumer)); // still backs its tickets
    assertEquals(List.of(), bridging.list(bridging.bridge, Withdrawal.PENDING));
    market.fails(
        ErrorCodes.BAD_REQUEST,
        bridging.bridge,
        ctx -> contract.markWithdrawalPaid(ctx, first.withdrawalId(), Bridging.hash(1)));
    market.fails(
        ErrorCodes.TOO_EARLY,
        bridging.bridge,
        ctx -> contract.releaseWithdrawal(ctx, first.withdrawalId()));
    market.advance(Duration.ofMillis(delay));
    market.fails(
        ErrorCodes.FORBIDDEN,
        market.consumer2,
        ctx -> contract.releaseWithdrawal(ctx, first.withdrawalId()));
    Withdrawal released =
        Json.read(
            market.submit(
                bridging.bridge, ctx -> contract.releaseWithdrawal(ctx, first.withdrawalId())),
            Withdrawal.class);
    assertEquals(Withdrawal.PENDING, released.status());
    assertEquals(1L, released.nonce());
    assertEquals(400, market.balance(market.consumer));
    // Released twice: the same withdrawal, not a second debit; the second no longer has cover.
    String again =
        market.submit(
            market.consumer, ctx -> contract.releaseWithdrawal(ctx, first.withdrawalId()));
    assertEquals(released, Json.read(again, Withdrawal.class));
    market.fails(
        ErrorCodes.INSUFFICIENT_FUNDS,
        market.consumer,
        ctx -> contract.releaseWithdrawal(ctx, second.withdrawalId()));
    assertEquals(400, market.balance(market.consumer));
    assertEquals(List.of(released), bridging.list(bridging.bridge, Withdrawal.PENDING));
    assertEquals(0, market.totalOfAllBalances());
  }
}
