package io.edgemarket.bridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.testing.Await;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge service running on its own against a real anvil and the embedded ledger's real
 * chaincode: tokens deposited on chain become escrow on the ledger, the market runs and settles, a
 * provider's earnings leave to its address, a root is anchored, and money is conserved on both
 * sides: the ledger's balances sum to zero and the escrow holds deposits minus payments.
 */
class BridgeEndToEndTest {
  @TempDir Path dir;

  @Test
  void depositsBecomeEscrowSettlementPaysTheProviderWhoWithdrawsToItsAddress() throws Exception {
    try (BridgedMarket market = BridgedMarket.start(dir);
        BridgeService service = market.service().build()) {
      service.start();
      market.deposit(market.consumer.id(), 100_000);
      market.deposit(market.provider.id(), 50_000);
      market.anvil.mine(2);
      Await.until("both deposits are credited", () -> service.depositsCredited() == 2);
      assertEquals(100_000, market.balance(market.consumer));
      assertEquals(50_000, market.balance(market.provider));

      market.settle("batch-1", 3);
      market.settle("batch-2", 2);
      long earned = market.balance(market.provider) - 50_000;
      assertTrue(earned > 0, "the provider earned " + earned);
      Await.until("the latest root is anchored", () -> service.anchorsRecorded() == 1);

      long out = 50_000 + earned;
      Withdrawal asked = market.requestWithdrawal(market.provider, out, market.providerAddress);
      Await.until(
          "the withdrawal is paid",
          () -> Withdrawal.PAID.equals(market.withdrawal(asked.withdrawalId()).status()));
      assertEquals(out, market.tokens(market.providerAddress));
      assertEquals(0, market.balance(market.provider));

      // Conservation on both sides.
      market.assertConserved();
      long escrowHolds = market.tokens(market.escrow);
      assertEquals(150_000 - out, escrowHolds, "deposits minus withdrawals paid");
      BridgeRecords.BridgeState state = market.state();
      assertEquals(escrowHolds, state.outstanding());
      assertEquals(
          -escrowHolds,
          market.balance(BridgeRecords.clearingAccount(market.anvil.chainId())),
          "the clearing account mirrors the escrow");
      assertEquals(100_000 - 5 * 3_100, market.balance(market.consumer));
      assertEquals(1, service.withdrawalsPaid());
      assertEquals(0, service.depositsRefused());
    }
  }
}
