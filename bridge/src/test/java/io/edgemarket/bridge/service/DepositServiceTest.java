package io.edgemarket.bridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deposits on a real anvil credited on the embedded ledger's real chaincode by the bridge service:
 * after the confirmations, once, past a deposit the ledger refuses, through a reorganisation and a
 * node that goes down and comes back.
 */
class DepositServiceTest {
  @TempDir Path dir;
  BridgedMarket market;

  @BeforeEach
  void start() throws Exception {
    market = BridgedMarket.start(dir);
  }

  @AfterEach
  void stop() {
    if (market != null) { // null when anvil is missing and the test was skipped
      market.close();
    }
  }

  @Test
  void aDepositIsCreditedOnceItHasItsConfirmationsAndOnlyOnce() throws Exception {
    try (BridgeService service = market.service().confirmations(3).build()) {
      market.deposit(market.consumer.id(), 7_000);
      assertEquals(0, service.syncOnce().credited(), "no block built on it yet");
      market.anvil.mine(2);
      assertEquals(0, service.syncOnce().credited(), "2 of 3 confirmations");
      assertEquals(0, market.balance(market.consumer));
      market.anvil.mine(1);
      SyncReport report = service.syncOnce();
      assertEquals(1, report.credited());
      assertEquals(7_000, market.balance(market.consumer));
      assertEquals(market.anvil.blockNumber() - 3, report.cursor());
      assertEquals(report.cursor(), market.state().cursor());
      market.anvil.mine(5);
      assertEquals(0, service.syncOnce().credited());
      assertEquals(7_000, market.balance(market.consumer));
      assertEquals(1, service.depositsCredited());
      assertEquals(7_000, market.state().deposited());
      assertEquals(7_000, market.tokens(market.escrow));
      market.assertConserved();
    }
  }

  @Test
  void theSameEventDeliveredAgainAfterACrashBeforeTheCursorMovedIsCreditedOnce() throws Exception {
    market.deposit(market.consumer.id(), 1_500);
    market.anvil.mine(2);
    // The first run credits but never moves the cursor: as if killed right after crediting.
    LedgerGateway cursorLost = new NoCursor(market.as(market.bridge));
    try (BridgeService first = market.service().ledger(cursorLost).build()) {
      assertThrows(BridgeException.class, first::syncOnce);
      assertEquals(1, first.depositsCredited());
    }
    assertEquals(1_500, market.balance(market.consumer));
    try (BridgeService restarted = market.service().build()) {
      SyncReport report = restarted.syncOnce();
      assertEquals(0, report.credited(), "the event is read again and credited no more");
      assertEquals(0, restarted.syncOnce().credited());
    }
    assertEquals(1_500, market.balance(market.consumer));
    assertEquals(1, market.state().deposits());
    market.assertConserved();
  }

  @Test
  void aDepositToNoRegisteredAccountIsKeptAsideAndTheNextOneIsCredited() throws Exception {
    try (BridgeService service = market.service().build()) {
      market.deposit("nobody@NowhereMSP", 900);
      market.deposit(market.consumer.id(), 400);
      market.anvil.mine(2);
      SyncReport report = service.syncOnce();
      assertEquals(1, report.credited());
      assertEquals(1, report.refused());
      assertEquals(400, market.balance(market.consumer));
      List<RefusedDeposit> refused = service.refusedDeposits();
      assertEquals(1, refused.size());
      assertEquals("nobody@NowhereMSP", refused.get(0).account());
      assertEquals(900, refused.get(0).amount().longValueExact());
      assertEquals(ErrorCodes.NOT_REGISTERED, refused.get(0).code());
      assertEquals(market.depositor.address(), refused.get(0).from());
      assertEquals(1, service.depositsRefused());
      // The cursor moved past it: the bridge is not held up, and it is not refused twice.
      assertEquals(market.anvil.blockNumber() - 2, market.state().cursor());
      market.anvil.mine(3);
      assertEquals(0, service.syncOnce().refused());
      assertEquals(1, service.depositsRefused());
      assertEquals(400, market.state().deposited(), "the ledger holds nothing for it");
      assertEquals(1_300, market.tokens(market.escrow), "the escrow holds it, to refund");
      market.assertConserved();
    }
  }

  @Test
  void aReorganisationShallowerThanTheConfirmationsNeverReachesTheLedger() throws Exception {
    try (BridgeService service = market.service().confirmations(3).build()) {
      market.fundDepositor(5_300);
      market.anvil.mine(3);
      service.syncOnce();
      String snapshot = market.anvil.snapshot();
      market.depositFunded(market.consumer.id(), 5_000);
      market.anvil.mine(1); // a reorg 2 blocks deep, under 3 confirmations
      assertEquals(0, service.syncOnce().credited());
      assertTrue(market.anvil.revert(snapshot), "the chain reorganises");
      market.depositFunded(market.provider.id(), 300);
      market.anvil.mine(3);
      assertEquals(1, service.syncOnce().credited());
      assertEquals(0, market.balance(market.consumer), "the deposit the reorg took away");
      assertEquals(300, market.balance(market.provider), "the one that survived");
      assertEquals(300, market.state().deposited());
      assertEquals(300, market.tokens(market.escrow));
      market.assertConserved();
    }
  }

  @Test
  void aNodeThatGoesDownKeepsTheServiceAliveAndItResumesWhenTheNodeIsBack() throws Exception {
    try (BridgeService service = market.service().build()) {
      service.start();
      market.deposit(market.consumer.id(), 250);
      market.anvil.mine(2);
      Await.until("the first deposit is credited", () -> service.depositsCredited() == 1);
      market.anvil.stop();
      long failedBefore = service.failedPasses();
      Await.until("several passes fail", () -> service.failedPasses() >= failedBefore + 5);
      assertTrue(service.isRunning());
      assertEquals(1, service.nodeOutages(), "one outage, however many polls it lasts");
      market.anvil.restart();
      market.deposit(market.consumer.id(), 750);
      market.anvil.mine(2);
      Await.until(
          "the deposit after the outage is credited", () -> service.depositsCredited() == 2);
      assertEquals(1, service.nodeOutages());
      assertEquals(1_000, market.balance(market.consumer));
      market.assertConserved();
    }
  }

  /** The bridge's gateway with SetCursor lost: a run killed after crediting, before the cursor. */
  private record NoCursor(LedgerGateway real) implements LedgerGateway {
    @Override
    public Identity identity() {
      return real.identity();
    }

    @Override
    public String submit(String transaction, String... args) throws LedgerException {
      if (Transactions.SET_CURSOR.equals(transaction)) {
        throw new LedgerException(
            LedgerException.Phase.SUBMIT, ErrorCodes.UNAVAILABLE, null, "killed before the cursor");
      }
      return real.submit(transaction, args);
    }

    @Override
    public String evaluate(String transaction, String... args) throws LedgerException {
      return real.evaluate(transaction, args);
    }

    @Override
    public void close() {}
  }
}
