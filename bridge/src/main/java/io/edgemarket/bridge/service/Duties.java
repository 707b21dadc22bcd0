package io.edgemarket.bridge.service;

import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass of the bridge's three duties, each run even when one before it failed (they touch
 * different things), with the outages of the node and the ledger told apart from other failures.
 */
final class Duties {
  private final EscrowChain chain;
  private final DepositDuty deposits;
  private final WithdrawalDuty withdrawals;
  private final AnchorDuty anchors;
  private final Counters counters;
  private final Outage node;
  private final Outage ledgerOutage;
  private boolean identityChecked;

  Duties(
      EscrowChain chain,
      DepositDuty deposits,
      WithdrawalDuty withdrawals,
      AnchorDuty anchors,
      Counters counters,
      Outage node,
      Outage ledgerOutage) {
    this.chain = chain;
    this.deposits = deposits;
    this.withdrawals = withdrawals;
    this.anchors = anchors;
    this.counters = counters;
    this.node = node;
    this.ledgerOutage = ledgerOutage;
  }

  /**
   * Deposits, withdrawals, anchors; not thread-safe (BridgeService runs one pass at a time).
   *
   * @throws BridgeException naming the first failure, the others suppressed
   */
  SyncReport runOnce() {
    counters.passes.incrementAndGet();
    List<Exception> failures = new ArrayList<>();
    int[] credited = {0, 0};
    int[] paid = {0, 0};
    int anchored = 0;
    try {
      if (!identityChecked) {
        chain.checkIdentity();
        identityChecked = true;
      }
      try {
        credited = deposits.run();
      } catch (Exception e) {
        failures.add(e);
      }
      try {
        paid = withdrawals.run();
      } catch (Exception e) {
        failures.add(e);
      }
      try {
        anchored = anchors.run();
      } catch (Exception e) {
        failures.add(e);
      }
    } catch (Exception e) {
      failures.add(e); // the identity check: no duty ran
    }
    track(failures);
    if (!failures.isEmpty()) {
      counters.failedPasses.incrementAndGet();
      Exception first = failures.get(0);
      BridgeException failed =
          first instanceof BridgeException b
              ? b
              : new BridgeException("bridge pass failed: " + first.getMessage(), first);
      failures.stream().skip(1).forEach(failed::addSuppressed);
      throw failed;
    }
    return new SyncReport(credited[0], credited[1], paid[0], paid[1], anchored, deposits.cursor());
  }

  /** An outage starts with a pass that could not reach it and ends with one that could. */
  private void track(List<Exception> failures) {
    boolean nodeFailed = false;
    boolean ledgerFailed = false;
    for (Exception e : failures) {
      if (ledgerUnreachable(e)) {
        ledgerFailed = true;
        ledgerOutage.down(e);
      } else if (nodeUnreachable(e)) {
        nodeFailed = true;
        node.down(e);
      }
    }
    if (!nodeFailed) {
      node.up();
    }
    if (!ledgerFailed) {
      ledgerOutage.up();
    }
  }

  static boolean ledgerUnreachable(Throwable e) {
    return e instanceof LedgerException l
        && (ErrorCodes.UNAVAILABLE.equals(l.code()) || l.phase() == LedgerException.Phase.CONNECT);
  }

  static boolean nodeUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
