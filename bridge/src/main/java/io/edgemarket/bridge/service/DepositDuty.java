package io.edgemarket.bridge.service;

import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deposits: the Deposited events of blocks (ledger cursor + 1) to (head - confirmations), a bounded
 * range at a time, each credited on the ledger (which credits an event once), then the cursor moved
 * past the range. A block is read only once that many blocks are built on it, so a reorganisation
 * shallower than the confirmations never reaches the ledger. A deposit the ledger refuses is kept
 * aside (logged, counted, listed) and does not hold the bridge up.
 */
final class DepositDuty {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeService.class);

  /** The ledger's answers that are about the deposit itself, not about the ledger or the bridge. */
  private static final Set<String> REFUSALS =
      Set.of(ErrorCodes.NOT_REGISTERED, ErrorCodes.BAD_REQUEST, ErrorCodes.CONFLICT);

  private final EscrowChain chain;
  private final BridgeLedger ledger;
  private final int confirmations;
  private final int range;
  private final long startBlock;
  private final Counters counters;
  private final Map<String, RefusedDeposit> refused = new LinkedHashMap<>();
  private volatile long cursor = -1;

  DepositDuty(
      EscrowChain chain,
      BridgeLedger ledger,
      int confirmations,
      int range,
      long startBlock,
      Counters counters) {
    this.chain = chain;
    this.ledger = ledger;
    this.confirmations = confirmations;
    this.range = range;
    this.startBlock = startBlock;
    this.counters = counters;
  }

  /** Credits what is confirmed and not yet handled; returns {credited, refused}. */
  int[] run() throws Exception {
    Optional<BridgeState> state = ledger.state(chain.chainId());
    long from = state.map(s -> s.cursor() + 1).orElse(startBlock);
    state.ifPresent(s -> cursor = s.cursor());
    long safe = chain.head() - confirmations;
    int credited = 0;
    int refusedNow = 0;
    while (from <= safe) {
      long to = Math.min(safe, from + range - 1);
      for (ChainDeposit deposit : chain.deposits(from, to)) {
        if (ledger.credited(deposit.eventId())) {
          continue; // handled before a restart, or delivered twice
        }
        try {
          ledger.creditDeposit(deposit);
          counters.depositsCredited.incrementAndGet();
          credited++;
          LOG.info(
              "bridge: credited deposit {} of {} to {}",
              deposit.eventId(),
              deposit.amount(),
              deposit.account());
        } catch (LedgerException e) {
          if (!(e.phase() == LedgerException.Phase.ENDORSE && REFUSALS.contains(e.code()))) {
            throw e;
          }
          if (refuse(deposit, e)) {
            refusedNow++;
          }
        }
      }
      ledger.setCursor(chain.chainId(), to);
      cursor = to;
      from = to + 1;
    }
    return new int[] {credited, refusedNow};
  }

  /** Keeps a refused deposit aside once (a range read again after a crash finds it again). */
  private synchronized boolean refuse(ChainDeposit d, LedgerException e) {
    if (refused.containsKey(d.eventId())) {
      return false;
    }
    refused.put(
        d.eventId(),
        new RefusedDeposit(
            d.eventId(),
            d.blockNumber(),
            d.txHash(),
            d.logIndex(),
            d.account(),
            d.from(),
            d.amount(),
            e.code(),
            e.getMessage()));
    counters.depositsRefused.incrementAndGet();
    LOG.warn(
        "bridge: deposit {} of {} from {} to market account '{}' refused by the ledger ({}); the"
            + " tokens stay in the escrow for a refund: {}",
        d.eventId(),
        d.amount(),
        d.from(),
        d.account(),
        e.code(),
        e.getMessage());
    return true;
  }

  synchronized List<RefusedDeposit> refused() {
    return List.copyOf(new ArrayList<>(refused.values()));
  }

  /** The last block whose deposits were handled, as last seen; -1 before the first. */
  long cursor() {
    return cursor;
  }
}
