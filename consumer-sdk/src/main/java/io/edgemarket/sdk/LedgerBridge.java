package io.edgemarket.sdk;

import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.ConflictRetry;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link Bridge} over one identity's ledger connection. */
final class LedgerBridge implements Bridge {
  private static final int PAGE = 500;

  /**
   * The bridge rewrites its chain's record, which a withdrawal reads, on every block it passes (a
   * second on a local chain); on Fabric a request endorsed across such a write fails its commit
   * with an MVCC conflict, committing nothing, so it is sent again, this often at most.
   */
  static final int ATTEMPTS = 20;

  private final LedgerGateway ledger;

  LedgerBridge(LedgerGateway ledger) {
    this.ledger = ledger;
  }

  @Override
  public long balance() throws QueryException {
    String id = ledger.identity().id();
    return read(Transactions.GET_BALANCE, Records.Balance.class, id, id).balance();
  }

  @Override
  public Optional<BridgeRecords.Deposit> deposit(String eventId) throws QueryException {
    return optional(Transactions.GET_DEPOSIT, BridgeRecords.Deposit.class, eventId);
  }

  @Override
  public BridgeRecords.Withdrawal requestWithdrawal(long amount, String toAddress, long chainId)
      throws BridgeException {
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be positive: " + amount);
    }
    Objects.requireNonNull(toAddress, "toAddress");
    return submit(
        Transactions.REQUEST_WITHDRAWAL,
        ledger.identity().id(),
        Long.toString(amount),
        toAddress,
        Long.toString(chainId));
  }

  @Override
  public BridgeRecords.Withdrawal releaseWithdrawal(String withdrawalId) throws BridgeException {
    String id = Objects.requireNonNull(withdrawalId, "withdrawalId");
    return submit(Transactions.RELEASE_WITHDRAWAL, id, id);
  }

  @Override
  public BridgeRecords.Withdrawal withdrawal(String withdrawalId) throws QueryException {
    String id = Objects.requireNonNull(withdrawalId, "withdrawalId");
    return read(Transactions.GET_WITHDRAWAL, BridgeRecords.Withdrawal.class, id, id);
  }

  @Override
  public List<BridgeRecords.Withdrawal> withdrawals() throws QueryException {
    List<BridgeRecords.Withdrawal> all = new ArrayList<>();
    try {
      String bookmark = "";
      while (true) {
        // Blank status: all of ours (the chaincode lists only the caller's to a participant).
        String json =
            ledger.evaluate(Transactions.LIST_WITHDRAWALS, "", Integer.toString(PAGE), bookmark);
        Records.Page<BridgeRecords.Withdrawal> page =
            Records.page(json, BridgeRecords.Withdrawal.class);
        if (page.records() != null) {
          all.addAll(page.records());
        }
        if (page.last() || page.bookmark().equals(bookmark)) {
          return all;
        }
        bookmark = page.bookmark();
      }
    } catch (LedgerException e) {
      throw queryFailed("withdrawals", ledger.identity().id(), e);
    }
  }

  @Override
  public Optional<BridgeRecords.BridgeState> state(long chainId) throws QueryException {
    return optional(
        Transactions.GET_BRIDGE_STATE, BridgeRecords.BridgeState.class, Long.toString(chainId));
  }

  @Override
  public List<BridgeRecords.Anchor> anchors() throws QueryException {
    List<BridgeRecords.Anchor> all = new ArrayList<>();
    try {
      new Pager(ledger, PAGE).each(Transactions.LIST_ANCHORS, BridgeRecords.Anchor.class, all::add);
    } catch (LedgerException e) {
      throw queryFailed("anchors", null, e);
    } catch (IllegalArgumentException e) {
      throw new QueryException(
          Failure.of(ErrorCodes.INTERNAL), "unreadable anchors: " + e.getMessage(), e);
    }
    return all;
  }

  private BridgeRecords.Withdrawal submit(String transaction, String concerned, String... args)
      throws BridgeException {
    String json;
    try {
      json = ConflictRetry.submit(ledger, ATTEMPTS, transaction, args);
    } catch (LedgerException e) {
      throw new BridgeException(
          Failure.of(e.code()).id(concerned).transactionId(e.transactionId()),
          transaction + ": " + e.getMessage(),
          e);
    }
    try {
      return Records.read(json, BridgeRecords.Withdrawal.class);
    } catch (IllegalArgumentException e) {
      throw new BridgeException(
          Failure.of(ErrorCodes.INTERNAL).id(concerned),
          "unreadable answer to " + transaction + ": " + e.getMessage(),
          e);
    }
  }

  private <T> Optional<T> optional(String transaction, Class<T> type, String key)
      throws QueryException {
    try {
      return Optional.of(read(transaction, type, key, key));
    } catch (QueryException e) {
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private <T> T read(String transaction, Class<T> type, String concerned, String... args)
      throws QueryException {
    String json;
    try {
      json = ledger.evaluate(transaction, args);
    } catch (LedgerException e) {
      throw queryFailed(transaction, concerned, e);
    }
    try {
      return Records.read(json, type);
    } catch (IllegalArgumentException e) {
      throw new QueryException(
          Failure.of(ErrorCodes.INTERNAL).id(concerned),
          "unreadable answer to " + transaction + ": " + e.getMessage(),
          e);
    }
  }

  private static QueryException queryFailed(String what, String concerned, LedgerException e) {
    return new QueryException(
        Failure.of(e.code()).id(concerned).transactionId(e.transactionId()),
        what + ": " + e.getMessage(),
        e);
  }
}
