package io.edgemarket.broker.settle;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Records.Rejection;
import io.edgemarket.model.ledger.Records.SettlementResult;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settler thread: takes up to {@code batchSize} receipts (or what is there after the batch
 * interval), submits them as one {@code settlement:SettleBatch} and records the outcome.
 *
 * <p>Each batch is written to the queue as {@link InFlight} before it is first submitted, and keeps
 * its id through every retry: when a submission may have committed although the broker heard no
 * answer (a failure after the transaction left for the orderer, or a restart), the ledger is asked
 * for the batch by id before it is submitted again, so its outcome is recorded as the ledger has it
 * and the ledger's refusal of a batch id or receipt seen before keeps anything from being paid
 * twice.
 *
 * <p>Whole-batch failures: MVCC conflicts and an unavailable ledger (a peer down, no endorsement to
 * be had) are retried with backoff, for as long as it takes, with a warning per retry; nothing is
 * dropped and answered invocations stand. Any other batch-level error means something in the batch
 * is unacceptable as a whole; the batch is split in halves and each half settled on its own, down
 * to single receipts, which are then rejected with the ledger's code, so one poisonous receipt
 * cannot block the queue.
 */
public final class Settler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Settler.class);
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** An INTERNAL error may be a passing fault of the ledger's host; after this, it is the batch. */
  private static final int MAX_INTERNAL_RETRIES = 3;

  /**
   * How long a fresh batch waits for the statements of parties that send them: agents sign one
   * every 50 ms, so this is rarely waited out.
   */
  static final long STATEMENT_WAIT_MILLIS = 150;

  private final SettlementQueue queue;
  private final MarketLedger ledger;
  private final Identity broker;
  private final int batchSize;
  private final long intervalMillis;
  private final Consumer<BatchOutcome> listener;
  private final StatementBook statements;
  private final SlipFolder folder;
  private final Thread thread;
  private final Object pauses = new Object();
  private volatile boolean stopped;

  public Settler(
      SettlementQueue queue,
      MarketLedger ledger,
      Identity broker,
      int batchSize,
      long intervalMillis,
      StatementBook statements,
      Consumer<BatchOutcome> listener) {
    this.queue = queue;
    this.statements = statements;
    this.ledger = ledger;
    this.broker = broker;
    this.folder = new SlipFolder(ledger, broker.id());
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
    resume();
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

  /**
   * Batches submitted before the last stop whose outcome never reached the disk: each is looked up
   * on the ledger by its id and recorded as the ledger has it, or, when it never committed,
   * submitted again with the same id and receipts.
   */
  private void resume() {
    List<InFlight> inflight = queue.restoredInFlight();
    if (!inflight.isEmpty()) {
      LOG.info("resuming {} batches that were in flight at the last stop", inflight.size());
    }
    for (InFlight batch : inflight) {
      if (stopped) {
        return;
      }
      Optional<List<Receipt>> receipts = queue.receiptsOf(batch);
      if (receipts.isEmpty()) {
        continue; // split before the stop: its receipts are settled (or queued) on their own
      }
      try {
        attempt(receipts.get(), batch.batchId(), true);
      } catch (RuntimeException e) {
        LOG.error("resuming batch {} failed; its receipts stay queued", batch.batchId(), e);
      }
    }
  }

  void settle(List<Receipt> receipts) {
    String batchId = UUID.randomUUID().toString();
    try {
      queue.submitting(batchId, receipts);
    } catch (IOException e) {
      LOG.error(
          "batch {} could not be recorded before submitting; receipts stay queued", batchId, e);
      pause(MAX_BACKOFF_MILLIS);
      return;
    }
    attempt(receipts, batchId, false);
  }

  /**
   * Settles one batch under one id until the ledger has decided it. {@code mayBeOnLedger}: an
   * earlier submission of this id may have committed (a restart, or a failure after the transaction
   * left for the orderer), so the ledger is asked for the batch before submitting.
   */
  private void attempt(List<Receipt> receipts, String batchId, boolean mayBeOnLedger) {
    // Signed: one signature vouches for every assignment in it, so the chaincode verifies one
    // signature for the batch instead of one per receipt. The providers' and consumers'
    // statements do the same for their receipts and tickets (issue 11).
    SettlementBatch batch;
    try {
      batch =
          SettlementBatch.signed(batchId, receipts, broker)
              .withStatements(
                  statements.covering(receipts, mayBeOnLedger ? 0 : STATEMENT_WAIT_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    long backoff = 50;
    int internalErrors = 0;
    long waitingSince = 0;
    boolean resumed = mayBeOnLedger;
    while (!stopped) {
      boolean committed = false;
      try {
        if (mayBeOnLedger) {
          Optional<BatchRecord> known = ledger.batch(batchId);
          if (known.isPresent()) {
            BatchRecord b = known.get();
            committed = true;
            LOG.info("batch {} was committed before: recording it as the ledger has it", batchId);
            record(batch, receipts, b.settled(), b.rejected(), b.totalAmount());
            return;
          }
          if (resumed) {
            LOG.info("batch {} never committed: submitting it again under the same id", batchId);
            resumed = false;
          }
          mayBeOnLedger = false;
        }
        SettlementResult result = ledger.settle(batch);
        committed = true;
        if (waitingSince != 0) {
          LOG.info(
              "ledger available again: batch {} of {} receipts committed after waiting {} ms",
              batchId,
              receipts.size(),
              System.currentTimeMillis() - waitingSince);
        }
        record(batch, receipts, result.settled(), result.rejected(), result.totalAmount());
        return;
      } catch (LedgerException e) {
        String code = e.code();
        if (committed || ErrorCodes.DUPLICATE.equals(code)) {
          // Committed (by this call or an earlier one of the same id): what is left is to read
          // what the ledger did, which the next round does by the batch's id.
          mayBeOnLedger = true;
        } else if (ErrorCodes.FOLD_REQUIRED.equals(code)
            && ++internalErrors <= MAX_INTERNAL_RETRIES) {
          // A paying consumer holds too many unfolded credits to read: fold them, then retry.
          receipts.stream().map(r -> r.ticket().consumerId()).distinct().forEach(folder::fold);
          continue;
        } else if (!retryable(code)
            && !(ErrorCodes.INTERNAL.equals(code) && ++internalErrors <= MAX_INTERNAL_RETRIES)) {
          split(receipts, batch, e);
          return;
        }
        mayBeOnLedger |= e.phase() == Phase.SUBMIT || e.phase() == Phase.COMMIT;
        if (waitingSince == 0) {
          waitingSince = System.currentTimeMillis();
        }
        LOG.warn(
            "batch {} of {} receipts waits: the ledger answered {} ({} phase: {}); retrying in {}"
                + " ms, receipts stay queued",
            batchId,
            receipts.size(),
            code,
            e.phase(),
            e.getMessage(),
            backoff);
        pause(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /**
   * The ledger refused the batch as a whole: settle its halves on their own (new batches), down to
   * single receipts, which are then rejected with the ledger's code.
   */
  private void split(List<Receipt> receipts, SettlementBatch batch, LedgerException e) {
    if (receipts.size() > 1) {
      int half = receipts.size() / 2;
      settle(receipts.subList(0, half));
      settle(receipts.subList(half, receipts.size()));
      return;
    }
    Receipt only = receipts.get(0);
    Rejection rejection = new Rejection(only.assignment().runId(), e.code(), e.getMessage());
    try {
      record(batch, receipts, List.of(), List.of(rejection), 0);
    } catch (LedgerException unexpected) {
      LOG.error("receipt {} could not be rejected; it stays queued", rejection.invocationId());
    }
  }

  private void record(
      SettlementBatch batch,
      List<Receipt> receipts,
      List<String> settledIds,
      List<Rejection> rejections,
      long totalAmount)
      throws LedgerException {
    BatchOutcome outcome =
        LedgerAnswers.outcome(
            batch.batchId(),
            batch.merkleRoot(),
            receipts,
            settledIds,
            rejections,
            totalAmount,
            this::paidIn);
    try {
      queue.done(outcome);
    } catch (IOException e) {
      // The ledger has the batch; the receipts come back as DUPLICATE, or by the batch's id.
      LOG.error("batch {} settled but its marker could not be written", batch.batchId(), e);
      pause(MAX_BACKOFF_MILLIS);
      return;
    }
    folder.paid(receipts, Set.copyOf(settledIds));
    LOG.info(
        "settled batch {}: {} receipts paid ({} already before), {} rejected, total {}, root {},"
            + " {} statements",
        batch.batchId(),
        outcome.settled().size(),
        LedgerAnswers.alreadyPaid(outcome),
        outcome.rejected().size(),
        totalAmount,
        batch.merkleRoot().substring(0, 12),
        batch.statements().size());
    for (BatchOutcome.Rejected r : outcome.rejected()) {
      LOG.warn("receipt {} rejected by the ledger: {}", r.invocationId(), r.code());
    }
    listener.accept(outcome);
  }

  /** The batch that paid this very receipt, if the ledger holds it (and not another one). */
  private Optional<String> paidIn(Receipt receipt) throws LedgerException {
    return ledger
        .settledReceipt(receipt.assignment().runId())
        .filter(p -> Arrays.equals(p.receipt().leafHash(), receipt.leafHash()))
        .map(ProvenReceipt::batchId);
  }

  /** Nothing was decided about the batch: a conflict with another transaction, or no ledger. */
  private static boolean retryable(String code) {
    return ErrorCodes.MVCC_READ_CONFLICT.equals(code)
        || "PHANTOM_READ_CONFLICT".equals(code)
        || ErrorCodes.UNAVAILABLE.equals(code);
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
