package io.edgemarket.agent;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Transactions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets journaled receipts the broker must hold by now, for agents whose broker cannot say so
 * over a link (HTTP push only), and for receipts no link confirmed: when the ledger shows one of
 * this agent's receipts settled, the broker's settlement queue had it, and (the settler forces the
 * queue before submitting, and queues in answer order) every receipt answered {@link
 * #MARGIN_MILLIS} before it, too. A few ledger reads per sweep ({@value #PROBES}), never one per
 * receipt.
 */
final class SettledSweep implements AutoCloseable {
  static final long PERIOD_MILLIS = 30_000;

  /** Far more than any invocation takes from signing to its receipt being queued. */
  static final long MARGIN_MILLIS = 120_000;

  static final int PROBES = 4;
  private static final Logger LOG = LoggerFactory.getLogger(SettledSweep.class);

  private final ReceiptJournal journal;
  private final LedgerGateway ledger;
  private final Clock clock;
  private ScheduledExecutorService timer;

  SettledSweep(ReceiptJournal journal, LedgerGateway ledger, Clock clock) {
    this.journal = journal;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** Sweeps every {@value #PERIOD_MILLIS} ms on its own daemon thread. */
  SettledSweep start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "provider-agent-receipt-sweep");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** One sweep; returns how many receipts were forgotten. Never throws. */
  int sweep() {
    List<Receipt> old = new ArrayList<>();
    long cutoff = clock.millis() - MARGIN_MILLIS;
    for (Receipt receipt : journal.all()) {
      if (receipt.finishedAt() < cutoff) {
        old.add(receipt);
      }
    }
    // Newest first: the newest settled witness lets the most go.
    for (int i = old.size() - 1, probes = 0; i >= 0 && probes < PROBES; i--, probes++) {
      Receipt witness = old.get(i);
      try {
        if (settled(witness)) {
          long before = witness.finishedAt() - MARGIN_MILLIS;
          List<Long> gone = new ArrayList<>();
          for (Receipt receipt : old) {
            if (receipt.finishedAt() <= before || receipt.sequence() == witness.sequence()) {
              gone.add(receipt.sequence());
            }
          }
          journal.drop(gone);
          return gone.size();
        }
      } catch (LedgerException e) {
        LOG.debug("cannot ask the ledger whether receipts are settled: {}", e.getMessage());
        return 0;
      } catch (RuntimeException e) {
        LOG.debug("receipt journal sweep failed", e);
        return 0;
      }
    }
    return 0;
  }

  private boolean settled(Receipt receipt) throws LedgerException {
    String runId = receipt.assignment().runId();
    try {
      ProvenReceipt proven =
          Json.read(ledger.evaluate(Transactions.GET_RECEIPT, runId), ProvenReceipt.class);
      return proven.receipt() != null && receipt.signature().equals(proven.receipt().signature());
    } catch (LedgerException e) {
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        return false;
      }
      throw e;
    }
  }
}
