package io.edgemarket.broker.settle;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Rejection;
import io.edgemarket.model.ledger.Records.SettlementResult;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settler thread: takes up to {@code batchSize} receipts (or what is there after the batch
 * interval), submits them as one {@code settlement:SettleBatch} and records the outcome.
 *
 * <p>Whole-batch failures: MVCC conflicts and an unavailable ledger are retried with backoff
 * (nothing was written). Any other batch-level error means something in the batch is unacceptable
 * as a whole; the batch is split in halves and each half settled on its own, down to single
 * receipts, which are then rejected with the ledger's code, so one poisonous receipt cannot block
 * the queue.
 */
public final class Settler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Settler.class);
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** An INTERNAL error may be a passing fault of the ledger's host; after this, it is the batch. */
  private static final int MAX_INTERNAL_RETRIES = 3;

  private final SettlementQueue queue;
  private final MarketLedger ledger;
  private final int batchSize;
  private final long intervalMillis;
  private final Consumer<BatchOutcome> listener;
  private final SlipFolder folder;
  private final Thread thread;
  private final Object pauses = new Object();
  private volatile boolean stopped;

  public Settler(
      SettlementQueue queue,
      MarketLedger ledger,
      String brokerId,
      int batchSize,
      long intervalMillis,
      Consumer<BatchOutcome> listener) {
    this.queue = queue;
    this.ledger = ledger;
    this.folder = new SlipFolder(ledger, brokerId);
    this.batchSize = batchSize;
    this.intervalMillis = intervalMillis;
    this.listener = listener;
    this.thread = new Thread(this::run, "edgemarket-settler");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (!stopped) {
      try {
        List<Receipt> batch = queue.take(batchSize, intervalMillis);
        if (!batch.isEmpty() && !stopped) {
          settle(batch);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // Never let the settler die: receipts stay queued and are retried on the next round.
        LOG.error("settlement round failed; receipts stay queued", e);
        pause(MAX_BACKOFF_MILLIS);
      }
    }
  }

  void settle(List<Receipt> receipts) {
    long backoff = 50;
    int internalErrors = 0;
    while (!stopped) {
      SettlementBatch batch = SettlementBatch.of(UUID.randomUUID().toString(), receipts);
      SettlementResult result;
      try {
        result = ledger.settle(batch);
      } catch (LedgerException e) {
        boolean transientInternal =
            ErrorCodes.INTERNAL.equals(e.code()) && ++internalErrors <= MAX_INTERNAL_RETRIES;
        if (ErrorCodes.FOLD_REQUIRED.equals(e.code()) && ++internalErrors <= MAX_INTERNAL_RETRIES) {
          // A paying consumer holds too many unfolded credits to read: fold them, then retry.
          receipts.stream().map(r -> r.ticket().consumerId()).distinct().forEach(folder::fold);
          continue;
        }
        if (retryable(e.code()) || transientInternal) {
          LOG.warn(
              "settling {} receipts: {}; retrying in {} ms", receipts.size(), e.code(), backoff);
          pause(backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
          continue;
        }
        if (receipts.size() > 1) {
          int half = receipts.size() / 2;
          settle(receipts.subList(0, half));
          settle(receipts.subList(half, receipts.size()));
          return;
        }
        Receipt only = receipts.get(0);
        Rejection rejection = new Rejection(only.assignment().runId(), e.code(), e.getMessage());
        record(batch, receipts, List.of(), List.of(rejection), 0);
        return;
      }
      record(batch, receipts, result.settled(), result.rejected(), result.totalAmount());
      folder.paid(receipts, Set.copyOf(result.settled()));
      return;
    }
  }

  private void record(
      SettlementBatch batch,
      List<Receipt> receipts,
      List<String> settledIds,
      List<Rejection> rejections,
      long totalAmount) {
    BatchOutcome outcome =
        LedgerAnswers.outcome(
            batch.batchId(),
            batch.merkleRoot(),
            receipts,
            settledIds,
            rejections,
            totalAmount,
            this::firstBatch);
    try {
      queue.done(outcome);
    } catch (IOException e) {
      // The ledger has the batch; if the marker is lost the receipts come back as DUPLICATE.
      LOG.error("batch {} settled but its marker could not be written", batch.batchId(), e);
      pause(MAX_BACKOFF_MILLIS);
      return;
    }
    LOG.info(
        "settled batch {}: {} receipts paid ({} already before), {} rejected, total {}, root {}",
        batch.batchId(),
        outcome.settled().size(),
        LedgerAnswers.alreadyPaid(outcome),
        outcome.rejected().size(),
        totalAmount,
        batch.merkleRoot().substring(0, 12));
    for (BatchOutcome.Rejected r : outcome.rejected()) {
      LOG.warn("receipt {} rejected by the ledger: {}", r.invocationId(), r.code());
    }
    listener.accept(outcome);
  }

  private String firstBatch(Receipt receipt) {
    try {
      return ledger.settledBatchOf(receipt.assignment().runId()).orElse(null);
    } catch (LedgerException e) {
      return null;
    }
  }

  private static boolean retryable(String code) {
    return ErrorCodes.MVCC_READ_CONFLICT.equals(code) || ErrorCodes.UNAVAILABLE.equals(code);
  }

  private void pause(long millis) {
    synchronized (pauses) {
      try {
        if (!stopped) {
          pauses.wait(millis);
        }
      } catch (InterruptedException e) {
        stopped = true;
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops after the ledger call in progress, if any. The thread is woken, never interrupted: an
   * interrupt during the ledger's file I/O would close its channels. Unsettled receipts stay on
   * disk and are settled at the next start.
   */
  @Override
  public void close() {
    stopped = true;
    synchronized (pauses) {
      pauses.notifyAll();
    }
    queue.wake();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
