package io.edgemarket.bridge.service;

import io.edgemarket.model.ledger.BridgeRecords.Anchor;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.ConflictRetry;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.BatchSummary;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's transactions on the ledger (docs/bridge.md, "On the ledger"), typed. Submissions
 * that lose an MVCC race are made again ({@link ConflictRetry}): every bridge transaction of a
 * chain writes its record, so a participant's withdrawal may race one.
 */
final class BridgeLedger {
  private static final String PAGE = "1000";

  private final LedgerGateway gateway;

  BridgeLedger(LedgerGateway gateway) {
    this.gateway = gateway;
  }

  /** The chain's record, or empty while the bridge has not served it yet. */
  Optional<BridgeState> state(long chainId) throws LedgerException {
    try {
      String json = gateway.evaluate(Transactions.GET_BRIDGE_STATE, Long.toString(chainId));
      return Optional.of(Records.read(json, BridgeState.class));
    } catch (LedgerException e) {
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether the ledger has credited the event {@code chainId:txHash:logIndex} already. */
  boolean credited(String eventId) throws LedgerException {
    try {
      gateway.evaluate(Transactions.GET_DEPOSIT, eventId);
      return true;
    } catch (LedgerException e) {
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        return false;
      }
      throw e;
    }
  }

  void creditDeposit(ChainDeposit d) throws LedgerException {
    ConflictRetry.submit(
        gateway,
        Transactions.CREDIT_DEPOSIT,
        Long.toString(d.chainId()),
        d.contract(),
        d.txHash(),
        Long.toString(d.logIndex()),
        Long.toString(d.blockNumber()),
        d.account(),
        d.amount().toString());
  }

  void setCursor(long chainId, long block) throws LedgerException {
    ConflictRetry.submit(
        gateway, Transactions.SET_CURSOR, Long.toString(chainId), Long.toString(block));
  }

  /** Every withdrawal in {@code status}, all chains, in the ledger's order (PENDING: by nonce). */
  List<Withdrawal> withdrawals(String status) throws LedgerException {
    return all(
        Withdrawal.class,
        bookmark -> gateway.evaluate(Transactions.LIST_WITHDRAWALS, status, PAGE, bookmark));
  }

  void release(String withdrawalId) throws LedgerException {
    ConflictRetry.submit(gateway, Transactions.RELEASE_WITHDRAWAL, withdrawalId);
  }

  Withdrawal markPaid(String withdrawalId, String txHash) throws LedgerException {
    return Records.read(
        ConflictRetry.submit(gateway, Transactions.MARK_WITHDRAWAL_PAID, withdrawalId, txHash),
        Withdrawal.class);
  }

  /** Every anchor, in sequence order. */
  List<Anchor> anchors() throws LedgerException {
    return all(
        Anchor.class, bookmark -> gateway.evaluate(Transactions.LIST_ANCHORS, PAGE, bookmark));
  }

  /** Every settled batch's summary, in the ledger's key order (not settlement order). */
  List<BatchSummary> batches() throws LedgerException {
    return all(
        BatchSummary.class,
        bookmark -> gateway.evaluate(Transactions.LIST_BATCHES, PAGE, bookmark));
  }

  Anchor recordAnchor(String batchId, String root, String txHash) throws LedgerException {
    return Records.read(
        ConflictRetry.submit(gateway, Transactions.RECORD_ANCHOR, batchId, root, txHash),
        Anchor.class);
  }

  /** One page's query, given the bookmark. */
  private interface PageQuery {
    String evaluate(String bookmark) throws LedgerException;
  }

  private static <T> List<T> all(Class<T> type, PageQuery query) throws LedgerException {
    List<T> all = new ArrayList<>();
    String bookmark = "";
    Page<T> page;
    do {
      page = Records.page(query.evaluate(bookmark), type);
      all.addAll(page.records());
      bookmark = page.bookmark();
    } while (!page.last());
    return all;
  }
}
