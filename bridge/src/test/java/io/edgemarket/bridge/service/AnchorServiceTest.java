package io.edgemarket.bridge.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.bridge.contracts.EdgeEscrow;
import io.edgemarket.model.ledger.BridgeRecords.Anchor;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Settlement roots anchored by the bridge service: every N settled batches the latest batch's root
 * at the ledger's next anchor number, recorded with the chain transaction; and a run killed between
 * anchoring and recording leads to the same anchor recorded, not a second one.
 */
class AnchorServiceTest {
  @TempDir Path dir;
  BridgedMarket market;
  EdgeEscrow escrow;

  @BeforeEach
  void start() throws Exception {
    market = BridgedMarket.start(dir);
    escrow =
        EdgeEscrow.load(
            market.escrow,
            market.bridgeKey.web3j(),
            market.bridgeKey.transactions(),
            market.bridgeKey.gas());
    market.deposit(market.consumer.id(), 1_000_000);
    market.anvil.mine(2);
    try (BridgeService funding = market.service().anchorEveryBatches(1_000).build()) {
      assertEquals(1, funding.syncOnce().credited());
    }
  }

  @AfterEach
  void stop() {
    if (market != null) {
      market.close();
    }
  }

  private List<Anchor> anchors() throws LedgerException {
    return Records.page(
            market.as(market.auditor).evaluate(Transactions.LIST_ANCHORS, "", ""), Anchor.class)
        .records();
  }

  private byte[] onChain(long height) throws Exception {
    return escrow.anchors(BigInteger.valueOf(height)).send();
  }

  @Test
  void everyThreeBatchesTheLatestRootIsAnchoredAtTheLedgersNextAnchorNumber() throws Exception {
    try (BridgeService service = market.service().anchorEveryBatches(3).build()) {
      market.settle("batch-a", 1);
      market.settle("batch-b", 2);
      assertEquals(0, service.syncOnce().anchored(), "2 of 3 batches");
      String root = market.settle("batch-c", 1);
      assertEquals(1, service.syncOnce().anchored());
      List<Anchor> anchors = anchors();
      assertEquals(1, anchors.size());
      assertEquals("batch-c", anchors.get(0).batchId());
      assertEquals(1, anchors.get(0).sequence());
      assertArrayEquals(Numeric.hexStringToByteArray(root), onChain(1));
      TransactionReceipt anchoredIn =
          market
              .bridgeKey
              .web3j()
              .ethGetTransactionReceipt(anchors.get(0).chainTxHash())
              .send()
              .getTransactionReceipt()
              .orElseThrow();
      assertEquals(market.escrow, anchoredIn.getTo());

      assertEquals(0, service.syncOnce().anchored(), "nothing new settled");
      market.settle("batch-d", 1);
      market.settle("batch-e", 1);
      assertEquals(0, service.syncOnce().anchored());
      String later = market.settle("batch-f", 1);
      assertEquals(1, service.syncOnce().anchored());
      assertEquals("batch-f", anchors().get(1).batchId());
      assertArrayEquals(Numeric.hexStringToByteArray(later), onChain(2));
      assertEquals(2, service.anchorsRecorded());
    }
  }

  @Test
  void killedBetweenAnchoringAndRecordingTheRestartRecordsThatAnchor() throws Exception {
    market.settle("batch-a", 1);
    String root = market.settle("batch-b", 1);
    // The killed run anchored batch-b's root at height 1 and recorded nothing.
    String txHash =
        escrow
            .anchor(BigInteger.ONE, Numeric.hexStringToByteArray(root))
            .send()
            .getTransactionHash();
    market.settle("batch-c", 1);
    market.settle("batch-d", 1);
    try (BridgeService restarted = market.service().anchorEveryBatches(2).build()) {
      assertEquals(1, restarted.syncOnce().anchored());
      List<Anchor> anchors = anchors();
      assertEquals(1, anchors.size());
      assertEquals("batch-b", anchors.get(0).batchId());
      assertEquals(txHash, anchors.get(0).chainTxHash(), "the killed run's transaction");
      // Then on as usual: batch-c and -d settled after it, so the next pass anchors batch-d.
      assertEquals(1, restarted.syncOnce().anchored());
      assertEquals("batch-d", anchors().get(1).batchId());
      assertEquals(0, restarted.syncOnce().anchored());
    }
  }

  @Test
  void aHeightHoldingARootOfNoBatchStopsAnchoringWithAClearError() throws Exception {
    market.settle("batch-a", 1);
    market.settle("batch-b", 1);
    byte[] stray = new byte[32];
    stray[31] = 9;
    escrow.anchor(BigInteger.ONE, stray).send();
    market.deposit(market.provider.id(), 10);
    market.anvil.mine(2);
    try (BridgeService service = market.service().build()) {
      BridgeException e = assertThrows(BridgeException.class, service::syncOnce);
      assertTrue(e.getMessage().contains("the root of no batch"), e.getMessage());
      assertTrue(anchors().isEmpty());
      assertEquals(1, service.depositsCredited(), "the other duties still ran");
    }
  }
}
