package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Escrow holds: what each consumer has committed but the ledger has not yet charged. Available
 * money is the ledger balance (cached, refreshed after every settled batch) minus the holds; an
 * invocation holds the most it can be charged on its matched offers ({@link WorstCase}) while it
 * runs, then exactly its receipt's amount until the receipt is settled or rejected. Without holds a
 * consumer could start many invocations against one balance and leave providers with receipts
 * nobody can pay.
 */
final class EscrowBook {
  private final MarketLedger ledger;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();

  EscrowBook(MarketLedger ledger) {
    this.ledger = ledger;
  }

  /** Holds {@code amount} for an invocation, or refuses when escrow cannot cover it. */
  void hold(String consumerId, String invocationId, long amount) {
    Account account = accounts.computeIfAbsent(consumerId, id -> new Account());
    for (int attempt = 0; ; attempt++) {
      long epoch;
      synchronized (account) {
        if (account.known && account.balance - account.held >= amount) {
          account.held += amount;
          account.holds.put(invocationId, amount);
          return;
        }
        if (attempt > 3) {
          throw new InvocationRefusedException(
              Refusal.LEDGER_UNAVAILABLE, "escrow balance of " + consumerId + " keeps changing");
        }
        if (account.known && attempt > 0) {
          throw new InvocationRefusedException(
              Refusal.INSUFFICIENT_FUNDS,
              "escrow of "
                  + consumerId
                  + " has "
                  + Math.max(0, account.balance - account.held)
                  + " available (balance less unsettled holds), the ticket needs "
                  + amount);
        }
        epoch = account.epoch;
      }
      // Unknown or short: read the ledger once, since the consumer may have been credited since.
      long balance;
      try {
        balance = ledgerBalance(consumerId);
      } catch (LedgerException e) {
        throw new InvocationRefusedException(
            Refusal.LEDGER_UNAVAILABLE, "ledger: " + e.getMessage());
      }
      synchronized (account) {
        // A settled batch may have refreshed the account meanwhile; its value is the newer one.
        if (account.epoch == epoch) {
          account.balance = balance;
          account.known = true;
          account.epoch++;
        }
      }
    }
  }

  /** Replaces an invocation's hold with the amount its receipt will charge. */
  void charge(String consumerId, String invocationId, long amount) {
    Account account = accounts.computeIfAbsent(consumerId, id -> new Account());
    synchronized (account) {
      Long previous = account.holds.put(invocationId, amount);
      account.held += amount - (previous == null ? 0 : previous);
    }
  }

  /**
   * Ends holds, the only way a hold ends: its invocation failed or was withdrawn, or its receipt
   * was settled or rejected. With {@code refreshBalance} (after a batch committed, so the ledger
   * balance now includes what the batch charged) the new balance is installed in the same step, so
   * that the money is never counted twice nor freed before the ledger has taken it.
   */
  void release(String consumerId, Collection<String> invocationIds, boolean refreshBalance) {
    OptionalLong balance = OptionalLong.empty();
    if (refreshBalance) {
      try {
        balance = OptionalLong.of(ledgerBalance(consumerId));
      } catch (LedgerException e) {
        // Unreadable: re-read on next use rather than trust a stale balance.
      }
    }
    Account account =
        refreshBalance
            ? accounts.computeIfAbsent(consumerId, id -> new Account())
            : accounts.get(consumerId);
    if (account == null) {
      return;
    }
    synchronized (account) {
      for (String invocationId : invocationIds) {
        Long previous = account.holds.remove(invocationId);
        account.held -= previous == null ? 0 : previous;
      }
      if (refreshBalance) {
        account.balance = balance.orElse(0);
        account.known = balance.isPresent();
        account.epoch++;
      }
    }
  }

  private long ledgerBalance(String consumerId) throws LedgerException {
    try {
      return ledger.balance(consumerId);
    } catch (LedgerException e) {
      if (ErrorCodes.NOT_REGISTERED.equals(e.code()) || ErrorCodes.NOT_FOUND.equals(e.code())) {
        return 0;
      }
      throw e;
    }
  }

  /** One consumer's cached balance and holds; guarded by its own monitor. */
  private static final class Account {
    final Map<String, Long> holds = new HashMap<>();
    long balance;
    long held;
    long epoch;
    boolean known;
  }
}
