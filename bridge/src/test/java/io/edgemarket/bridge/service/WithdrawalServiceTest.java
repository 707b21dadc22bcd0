package io.edgemarket.bridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.bridge.EvmChain;
import io.edgemarket.bridge.WithdrawalStatement;
import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.tx.gas.StaticEIP1559GasProvider;

/**
 * Withdrawals requested on the embedded ledger's real chaincode paid from a real anvil's escrow by
 * the bridge service: once per nonce, also when killed between paying and recording, after a
 * payment that ran out of gas, and a consumer's only after its delay.
 */
class WithdrawalServiceTest {
  @TempDir Path dir;
  BridgedMarket market;

  @BeforeEach
  void start() throws Exception {
    market = BridgedMarket.start(dir);
  }

  @AfterEach
  void stop() {
    if (market != null) {
      market.close();
    }
  }

  /** The provider holds {@code amount} deposited through the bridge. */
  private void fundProvider(BridgeService service, long amount) throws Exception {
    market.deposit(market.provider.id(), amount);
    market.anvil.mine(2);
    assertEquals(1, service.syncOnce().credited());
  }

  @Test
  void aProvidersWithdrawalIsPaidToItsAddressOnceAndItsStatementCannotPayAgain() throws Exception {
    try (BridgeService service = market.service().build()) {
      fundProvider(service, 10_000);
      Withdrawal asked = market.requestWithdrawal(market.provider, 4_000, market.providerAddress);
      assertEquals(Withdrawal.PENDING, asked.status());
      assertEquals(6_000, market.balance(market.provider), "debited at the request");

      assertEquals(1, service.syncOnce().paid());
      Withdrawal paid = market.withdrawal(asked.withdrawalId());
      assertEquals(Withdrawal.PAID, paid.status());
      assertNotNull(paid.paidTxHash());
      assertTrue(
          market
              .bridgeKey
              .web3j()
              .ethGetTransactionReceipt(paid.paidTxHash())
              .send()
              .getTransactionReceipt()
              .orElseThrow()
              .isStatusOK());
      assertEquals(4_000, market.tokens(market.providerAddress));

      // Later passes pay nothing more.
      assertEquals(0, service.syncOnce().paid());
      assertEquals(0, service.syncOnce().paid());
      assertEquals(4_000, market.tokens(market.providerAddress));
      assertEquals(1, service.withdrawalsPaid());

      // The same statement, signed again and sent by anyone: the escrow refuses its nonce.
      WithdrawalStatement statement =
          new WithdrawalStatement(
              market.provider.id(),
              market.providerAddress,
              BigInteger.valueOf(4_000),
              BigInteger.valueOf(asked.nonce()),
              market.anvil.chainId(),
              market.escrow);
      EvmChain stranger = market.client(2);
      Exception refused =
          assertThrows(
              Exception.class,
              () ->
                  EdgeEscrow.load(
                          market.escrow, stranger.web3j(), stranger.transactions(), stranger.gas())
                      .withdraw(
                          statement.marketAccount(),
                          statement.to(),
                          statement.amount(),
                          statement.nonce(),
                          market.bridgeKey.signer().sign(statement))
                      .send());
      assertTrue(refused.getMessage().contains("nonce used"), refused.getMessage());
      assertEquals(4_000, market.tokens(market.providerAddress));
      assertEquals(6_000, market.tokens(market.escrow));
      assertEquals(6_000, market.state().outstanding());
      market.assertConserved();
    }
  }

  @Test
  void killedBetweenPayingAndRecordingTheRestartRecordsTheFirstPaymentAndPaysNothingMore()
      throws Exception {
    AtomicReference<String> paidIn = new AtomicReference<>();
    Withdrawal asked;
    try (BridgeService killed =
        market
            .service()
            .afterPayment(
                hash -> {
                  paidIn.set(hash);
                  throw new IllegalStateException("killed after the chain paid");
                })
            .build()) {
      fundProvider(killed, 5_000);
      asked = market.requestWithdrawal(market.provider, 5_000, market.providerAddress);
      BridgeException e = assertThrows(BridgeException.class, killed::syncOnce);
      assertTrue(e.getMessage().contains("killed"), e.getMessage());
    }
    assertNotNull(paidIn.get());
    assertEquals(Withdrawal.PENDING, market.withdrawal(asked.withdrawalId()).status());
    assertEquals(5_000, market.tokens(market.providerAddress), "the chain paid");

    try (BridgeService restarted = market.service().build()) {
      assertEquals(1, restarted.syncOnce().paid());
      Withdrawal recorded = market.withdrawal(asked.withdrawalId());
      assertEquals(Withdrawal.PAID, recorded.status());
      assertEquals(paidIn.get(), recorded.paidTxHash(), "the original payment's hash");
      assertEquals(1, restarted.paymentsRecovered());
      assertEquals(0, restarted.syncOnce().paid());
    }
    assertEquals(5_000, market.tokens(market.providerAddress), "paid exactly once");
    assertEquals(0, market.tokens(market.escrow));
    market.assertConserved();
  }

  @Test
  void aPaymentThatRunsOutOfGasPaysAndRecordsNothingAndTheNextPassPaysWithTheEstimate()
      throws Exception {
    // The bridge key's client with a gas limit above a transaction's intrinsic cost, far below
    // what a withdrawal needs.
    EvmChain starved =
        market.client(
            0,
            b ->
                b.gas(
                    new StaticEIP1559GasProvider(
                        market.anvil.chainId(),
                        BigInteger.valueOf(50_000_000_000L),
                        BigInteger.valueOf(1_000_000_000L),
                        BigInteger.valueOf(40_000))));
    try (BridgeService service = market.service().chain(starved).build()) {
      fundProvider(service, 3_000);
      Withdrawal asked = market.requestWithdrawal(market.provider, 3_000, market.providerAddress);

      BridgeException e = assertThrows(BridgeException.class, service::syncOnce);
      assertTrue(e.getMessage().contains("ran out of gas with a limit of 40000"), e.getMessage());
      assertEquals(1, service.gasShortfalls());
      assertEquals(Withdrawal.PENDING, market.withdrawal(asked.withdrawalId()).status());
      assertEquals(0, market.tokens(market.providerAddress), "nothing paid");
      assertFalse(
          EdgeEscrow.load(
                  market.escrow,
                  market.bridgeKey.web3j(),
                  market.bridgeKey.transactions(),
                  market.bridgeKey.gas())
              .usedNonce(BigInteger.valueOf(asked.nonce()))
              .send(),
          "the nonce is unspent");

      assertEquals(1, service.syncOnce().paid());
      assertEquals(Withdrawal.PAID, market.withdrawal(asked.withdrawalId()).status());
      assertEquals(3_000, market.tokens(market.providerAddress));
      assertEquals(1, service.gasShortfalls());
    }
    market.assertConserved();
  }

  @Test
  void aConsumersWithdrawalWaitsOutItsDelayThenIsReleasedAndPaid() throws Exception {
    market
        .as(market.admin)
        .submit(
            Transactions.SET_CONFIG,
            "{\"brokerFeeBps\":500,\"settlementWindowMs\":1000,\"maxTicketTtlMs\":1000}");
    try (BridgeService service = market.service().build()) {
      market.deposit(market.consumer.id(), 2_500);
      market.anvil.mine(2);
      service.syncOnce();
      Withdrawal asked = market.requestWithdrawal(market.consumer, 1_000, market.consumerAddress);
      assertEquals(Withdrawal.WAITING, asked.status());
      SyncReport early = service.syncOnce();
      assertEquals(0, early.released());
      assertEquals(0, early.paid());
      assertEquals(2_500, market.balance(market.consumer), "nothing moved while it waits");

      Await.until("its delay is over", () -> System.currentTimeMillis() > asked.payableAt() + 50);
      SyncReport due = service.syncOnce();
      assertEquals(1, due.released());
      assertEquals(1, due.paid());
      assertEquals(Withdrawal.PAID, market.withdrawal(asked.withdrawalId()).status());
      assertEquals(1_500, market.balance(market.consumer));
      assertEquals(1_000, market.tokens(market.consumerAddress));
      assertEquals(1, service.withdrawalsReleased());
    }
    market.assertConserved();
  }
}
