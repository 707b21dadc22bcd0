package io.edgemarket.ledger.embedded;

import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single committer, with group commit: it takes every transaction queued while it was busy,
 * validates them in order, appends them as one block with one fsync, applies the block to state,
 * and only then answers the waiting submitters. A transaction that fails validation (an MVCC
 * conflict) goes into the block too, marked invalid with its code and changing nothing, as on
 * Fabric: its id stays used, so its signed proposal can never commit later. Only a duplicate id is
 * left out, being recorded already. If the log cannot be written the ledger stops committing: what
 * is on disk is then the truth, and reopening replays it.
 */
final class Committer {
  static final int MAX_BLOCK_TRANSACTIONS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);

  private record Pending(Simulation tx, CompletableFuture<String> outcome) {}

  private record Rejected(Pending pending, LedgerException reason) {
    String txId() {
      return pending.tx().txId();
    }
  }

  private static final Pending STOP = new Pending(null, null);

  private final WorldState world;
  private final BlockLog log;
  private final LedgerSigner signer;
  private final EventDispatcher events;
  private final CheckpointStore checkpoints;
  private final StatePersistence persistence;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile String failure;
  private boolean stopping;

  Committer(
      WorldState world,
      BlockLog log,
      LedgerSigner signer,
      EventDispatcher events,
      CheckpointStore checkpoints,
      StatePersistence persistence) {
    this.world = world;
    this.log = log;
    this.signer = signer;
    this.events = events;
    this.checkpoints = checkpoints;
    this.persistence = persistence;
    this.thread = new Thread(this::run, "embedded-ledger-committer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a simulated transaction; the future completes when it is committed or rejected. */
  synchronized CompletableFuture<String> submit(Simulation tx) {
    CompletableFuture<String> outcome = new CompletableFuture<>();
    if (stopping || failure != null) {
      outcome.completeExceptionally(unavailable(tx.txId(), failure != null ? failure : "closed"));
    } else {
      queue.add(new Pending(tx, outcome));
    }
    return outcome;
  }

  /** Commits what was queued before, then stops. */
  void stop() throws InterruptedException {
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      queue.add(STOP);
    }
    thread.join();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only stop() ends this thread, and it does so by queueing STOP
      }
      queue.drainTo(batch, MAX_BLOCK_TRANSACTIONS - 1);
      stop = batch.remove(STOP); // STOP is always last: nothing is queued after it
      try {
        if (failure == null && !batch.isEmpty()) {
          commit(batch);
        }
      } catch (RuntimeException | Error e) {
        failure = "it failed unexpectedly (" + e + ")";
        LOG.error("The embedded ledger's committer failed; reopen the ledger to recover", e);
      }
      if (failure != null) { // no-op for transactions already answered
        batch.forEach(p -> p.outcome().completeExceptionally(unavailable(p.tx().txId(), failure)));
      }
      batch.clear();
    }
  }

  private void commit(List<Pending> batch) {
    BlockValidator validator = new BlockValidator(world, world.height());
    List<Pending> valid = new ArrayList<>();
    List<LogRecords.Tx> txs = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    List<LogRecords.Invalid> invalid = new ArrayList<>();
    for (Pending pending : batch) {
      LedgerException reason = validator.check(pending.tx());
      if (reason == null) {
        valid.add(pending);
        txs.add(pending.tx().toTx());
      } else if (ErrorCodes.DUPLICATE.equals(reason.code())) {
        pending.outcome().completeExceptionally(reason); // its id is recorded already
      } else {
        rejected.add(new Rejected(pending, reason));
        invalid.add(pending.tx().toInvalid(reason.code()));
      }
    }
    if (valid.isEmpty() && rejected.isEmpty()) {
      return;
    }
    LogRecords.Sealed block;
    try {
      LogCodec.Encoded encoded = signer.seal(world.height(), world.lastHash(), null, txs, invalid);
      long offset = log.length();
      log.append(encoded.line());
      block = encoded.sealed();
      world.apply(block, offset, log.length());
    } catch (Exception e) {
      failure = "it failed to write block " + world.height() + " (" + e + ")";
      LOG.error("The embedded ledger stopped committing; reopen it to recover from its log", e);
      String unknown = failure + "; whether this transaction reached the log shows on reopening";
      valid.forEach(p -> p.outcome().completeExceptionally(unavailable(p.tx().txId(), unknown)));
      rejected.forEach(
          r -> r.pending().outcome().completeExceptionally(unavailable(r.txId(), unknown)));
      return;
    }
    checkpoints.afterBlock();
    persistence.afterBlock();
    events.publish(block);
    valid.forEach(p -> p.outcome().complete(p.tx().result()));
    // Only now that its id is durable in the log: the proposal can never be replayed.
    rejected.forEach(r -> r.pending().outcome().completeExceptionally(r.reason()));
  }

  private static LedgerException unavailable(String txId, String why) {
    return new LedgerException(
        Phase.COMMIT, ErrorCodes.UNAVAILABLE, txId, "the ledger is not committing: " + why);
  }
}
