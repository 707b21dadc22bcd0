package io.edgemarket.broker.settle;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue of receipts awaiting settlement, under {@code dataDir/settlement}: a receipts
 * log (every verified receipt, one JSON line each) and a batches log (each batch before it is
 * submitted, {@link InFlight}, and the outcome of every recorded batch), by generation ({@link
 * LogGenerations}), and {@code checkpoint.json}, which holds what the generations before the
 * current one left: the pending receipts, the batches in flight, the recently paid ones and the
 * totals. A receipt is pending while no outcome names it.
 *
 * <p>Once the current generation's logs pass {@link Compaction#logBytes}, the queue starts a new
 * generation, writes a checkpoint of everything before it, and deletes the older logs, so opening
 * reads one checkpoint and at most one generation's logs, however long the market has run. Every
 * step is safe to interrupt: until the checkpoint is renamed into place the older logs are still
 * there and replayed; after it, they are ignored.
 */
public final class SettlementQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SettlementQueue.class);

  private final Path dir;
  private final AppendLog.Disk disk;
  private final Compaction policy;
  private final LongSupplier clock;
  // Readers: an append and its state change; the writer: the switch to a new generation, which
  // must see every line of the old one reflected in the state it checkpoints.
  private final ReentrantReadWriteLock files = new ReentrantReadWriteLock();
  private final Object compacting = new Object();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition full = lock.newCondition();
  private final QueueState state;
  private final List<Receipt> restoredReceipts;
  private final List<BatchOutcome> restoredOutcomes;
  private final List<InFlight> restoredInFlight;
  private final Checkpoint.Totals restoredTotals;
  private AppendLog receipts;
  private AppendLog batches;
  private int generation;
  private volatile int batchSize = Integer.MAX_VALUE;
  private final GroupCommit commit = new GroupCommit(this::sync);
  private final SettlementLag lag;
  private boolean woken;

  private SettlementQueue(
      Path dir, Compaction policy, LongSupplier clock, QueueState state, AppendLog.Disk disk) {
    this.dir = dir;
    this.disk = disk;
    this.policy = policy;
    this.clock = clock;
    this.state = state;
    this.restoredReceipts = List.copyOf(state.receipts());
    this.restoredOutcomes = List.copyOf(state.outcomes());
    this.restoredInFlight = state.inflight();
    this.restoredTotals = state.totals();
    this.lag = new SettlementLag(clock);
    state.pending().keySet().forEach(lag::queued);
  }

  public static SettlementQueue open(Path dir) throws IOException {
    return open(dir, Compaction.DEFAULT, System::currentTimeMillis);
  }

  public static SettlementQueue open(Path dir, Compaction policy, LongSupplier clock)
      throws IOException {
    return open(dir, policy, clock, AppendLog.FORCE);
  }

  /** With {@code disk} forcing the logs (tests slow it down or count it). */
  static SettlementQueue open(Path dir, Compaction policy, LongSupplier clock, AppendLog.Disk disk)
      throws IOException {
    Files.createDirectories(dir);
    Checkpoint checkpoint = Checkpoint.read(dir).orElse(Checkpoint.EMPTY);
    // Logs older than the checkpoint were folded into it by a compaction a crash interrupted.
    LogGenerations.deleteBelow(dir, checkpoint.next());
    QueueState state = QueueState.of(checkpoint);
    List<Integer> generations = LogGenerations.present(dir);
    int current =
        generations.isEmpty() ? checkpoint.next() : generations.get(generations.size() - 1);
    long replayed = 0;
    AppendLog receipts = null;
    AppendLog batches = null;
    for (int g = checkpoint.next(); g <= current; g++) {
      List<String> receiptLines = new ArrayList<>();
      List<String> batchLines = new ArrayList<>();
      AppendLog r = AppendLog.open(LogGenerations.receipts(dir, g), receiptLines, disk);
      AppendLog b = AppendLog.open(LogGenerations.batches(dir, g), batchLines, disk);
      replayed += r.size() + b.size();
      receiptLines.forEach(line -> parse(line, Receipt.class).ifPresent(state::receipt));
      batchLines.forEach(line -> replayBatchLine(line, state));
      if (g < current) {
        r.close();
        b.close();
      } else {
        receipts = r;
        batches = b;
      }
    }
    SettlementQueue queue = new SettlementQueue(dir, policy, clock, state, disk);
    queue.receipts = receipts;
    queue.batches = batches;
    queue.generation = current;
    if (!state.pending().isEmpty()) {
      LOG.info(
          "settlement queue reopened with {} unsettled receipts, {} batches in flight",
          state.pending().size(),
          queue.restoredInFlight.size());
    }
    if (current > checkpoint.next() || replayed > policy.logBytes()) {
      queue.compact();
    }
    return queue;
  }

  private static void replayBatchLine(String line, QueueState state) {
    if (line.startsWith(InFlight.MARK)) {
      parse(line, InFlight.class).ifPresent(state::submitting);
    } else {
      parse(line, BatchOutcome.class).ifPresent(state::outcome);
    }
  }

  /**
   * Every receipt remembered at open: paid ones within {@link Compaction}'s bounds, and pending.
   */
  public List<Receipt> restoredReceipts() {
    return restoredReceipts;
  }

  /** The batch outcomes remembered at open (within {@link Compaction}'s bounds), oldest first. */
  public List<BatchOutcome> restoredOutcomes() {
    return restoredOutcomes;
  }

  /** Batches submitted before the restart whose outcome was not recorded, oldest first. */
  public List<InFlight> restoredInFlight() {
    return restoredInFlight;
  }

  /** Settlement statistics as they stood at open: totals of every batch, the latest ones. */
  public SettlementStats restoredStats() {
    SettlementStats stats = new SettlementStats();
    stats.restore(restoredTotals, restoredOutcomes);
    return stats;
  }

  /** Told of receipts once they are on disk (agents then forget their copies). */
  public void onDurable(Consumer<List<Receipt>> listener) {
    commit.onDurable(listener);
  }

  /**
   * Makes a receipt pending and returns once it is written to the OS, not to the disk: the
   * group-commit thread forces it within about a millisecond ({@link GroupCommit}). A killed broker
   * loses nothing; a machine crash in that window is covered by the agent's copy.
   */
  public void append(Receipt receipt) throws IOException {
    files.readLock().lock();
    try {
      receipts.write(Json.write(receipt));
      commit.written(receipt);
      lag.queued(receipt.assignment().runId());
      lock.lock();
      try {
        state.receipt(receipt);
        if (state.pending().size() >= batchSize) {
          full.signal();
        }
      } finally {
        lock.unlock();
      }
    } finally {
      files.readLock().unlock();
    }
  }

  /**
   * Queues a receipt without waiting for the disk (re-collection writes many, then {@link #sync}s
   * once before telling the agent it may forget them).
   */
  public void write(Receipt receipt) throws IOException {
    files.readLock().lock();
    try {
      receipts.write(Json.write(receipt));
      lag.queued(receipt.assignment().runId());
      lock.lock();
      try {
        state.receipt(receipt);
      } finally {
        lock.unlock();
      }
    } finally {
      files.readLock().unlock();
    }
  }

  /** Forces every receipt written so far to disk. */
  public void sync() throws IOException {
    files.readLock().lock();
    try {
      receipts.sync();
    } finally {
      files.readLock().unlock();
    }
  }

  /** True when a receipt of this run is pending, or was paid within the retention. */
  public boolean knows(String runId) {
    lock.lock();
    try {
      return state.knows(runId);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The oldest pending receipts, up to {@code max}: as soon as {@code max} are waiting, else what
   * is there after {@code waitMillis} (possibly nothing). They stay pending until {@link #done}.
   */
  public List<Receipt> take(int max, long waitMillis) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      batchSize = max;
      long left = TimeUnit.MILLISECONDS.toNanos(waitMillis);
      while (state.pending().size() < max && left > 0 && !woken) {
        left = full.awaitNanos(left);
      }
      return state.oldest(max);
    } finally {
      lock.unlock();
    }
  }

  /** The receipts of a batch in flight when all of them are still pending, in the batch's order. */
  public Optional<List<Receipt>> receiptsOf(InFlight batch) {
    lock.lock();
    try {
      return state.receiptsOf(batch);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records durably that a batch is about to be submitted under {@code batchId}. Every receipt
   * written so far is forced first, so a receipt the ledger holds was on the broker's disk before,
   * and so was every receipt queued before it (agents rely on this to forget theirs).
   */
  public void submitting(String batchId, List<Receipt> batch) throws IOException {
    InFlight line =
        new InFlight(
            batchId, batch.stream().map(r -> r.assignment().runId()).toList(), clock.getAsLong());
    files.readLock().lock();
    try {
      receipts.sync();
      batches.append(Json.write(line));
      lock.lock();
      try {
        state.submitting(line);
      } finally {
        lock.unlock();
      }
    } finally {
      files.readLock().unlock();
    }
  }

  /** Records a committed batch's outcome durably, then drops its receipts from the queue. */
  public void done(BatchOutcome outcome) throws IOException {
    boolean compact;
    files.readLock().lock();
    try {
      batches.append(Json.write(outcome));
      lock.lock();
      try {
        state.outcome(outcome);
      } finally {
        lock.unlock();
      }
      lag.recorded(outcome);
      compact = receipts.size() + batches.size() > policy.logBytes();
    } finally {
      files.readLock().unlock();
    }
    if (compact) {
      compact();
    }
  }

  /**
   * Starts a new log generation and folds the older ones into a new checkpoint: (1) the new
   * generation's files are created and take every append from now on, (2) the state covering the
   * old generations is written to the checkpoint (temporary file, force, rename, force the
   * directory), (3) the old generations' files are deleted.
   */
  void compact() throws IOException {
    synchronized (compacting) {
      Checkpoint checkpoint;
      AppendLog oldReceipts;
      AppendLog oldBatches;
      files.writeLock().lock();
      try {
        int next = generation + 1;
        List<String> none = new ArrayList<>();
        AppendLog newReceipts = AppendLog.open(LogGenerations.receipts(dir, next), none, disk);
        AppendLog newBatches = AppendLog.open(LogGenerations.batches(dir, next), none, disk);
        Checkpoint.forceDirectory(dir);
        oldReceipts = receipts;
        oldBatches = batches;
        receipts = newReceipts;
        batches = newBatches;
        generation = next;
        lock.lock();
        try {
          state.expire(clock.getAsLong(), policy);
          checkpoint = state.checkpoint(next);
        } finally {
          lock.unlock();
        }
      } finally {
        files.writeLock().unlock();
      }
      try (oldReceipts) {
        oldBatches.close();
      }
      checkpoint.write(dir);
      LogGenerations.deleteBelow(dir, checkpoint.next());
      LOG.info(
          "settlement queue compacted: {} pending, {} in flight, {} recent batches kept",
          checkpoint.pending().size(),
          checkpoint.inflight().size(),
          checkpoint.retained().size());
    }
  }

  /** How far settlement trails: the oldest waiting receipt's age, and the latest batches'. */
  public SettlementLag lag() {
    return lag;
  }

  /** Wakes a thread waiting in {@link #take} (it returns what is pending now). */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      full.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Receipts waiting to be paid that {@code which} accepts: how many, and their amounts. */
  public record Pending(int receipts, long amount) {}

  /**
   * The pending receipts {@code which} accepts (a participant's own, for its web view), summed: a
   * scan under the queue's lock, which holds only what waits for settlement.
   */
  public Pending pending(java.util.function.Predicate<Receipt> which) {
    lock.lock();
    try {
      int count = 0;
      long amount = 0;
      for (Receipt receipt : state.pending().values()) {
        if (which.test(receipt)) {
          count++;
          amount += receipt.amount();
        }
      }
      return new Pending(count, amount);
    } finally {
      lock.unlock();
    }
  }

  public int depth() {
    lock.lock();
    try {
      return state.pending().size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    commit.close();
    files.writeLock().lock();
    try {
      receipts.close();
    } finally {
      try {
        batches.close();
      } finally {
        files.writeLock().unlock();
      }
    }
  }

  private static <T> Optional<T> parse(String line, Class<T> type) {
    try {
      return Optional.of(Json.read(line, type));
    } catch (IllegalArgumentException e) {
      LOG.warn("skipping an unreadable {} line in the settlement queue", type.getSimpleName());
      return Optional.empty();
    }
  }
}
