package io.edgemarket.broker.settle;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue of receipts awaiting settlement, under {@code dataDir/settlement}: {@code
 * receipts.log} holds every verified receipt (one JSON line each), {@code batches.log} the outcome
 * of every committed batch. A receipt is pending while no outcome names it; on open, the pending
 * set is rebuilt from the two files.
 */
public final class SettlementQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SettlementQueue.class);

  private final AppendLog receipts;
  private final AppendLog batches;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition full = lock.newCondition();
  private final LinkedHashMap<String, Receipt> pending = new LinkedHashMap<>();
  private final List<Receipt> restoredReceipts;
  private final List<BatchOutcome> restoredOutcomes;
  private volatile int batchSize = Integer.MAX_VALUE;
  private boolean woken;

  private SettlementQueue(
      AppendLog receipts, AppendLog batches, List<Receipt> all, List<BatchOutcome> outcomes) {
    this.receipts = receipts;
    this.batches = batches;
    this.restoredReceipts = List.copyOf(all);
    this.restoredOutcomes = List.copyOf(outcomes);
  }

  public static SettlementQueue open(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> receiptLines = new ArrayList<>();
    List<String> batchLines = new ArrayList<>();
    AppendLog receipts = AppendLog.open(dir.resolve("receipts.log"), receiptLines);
    AppendLog batches = AppendLog.open(dir.resolve("batches.log"), batchLines);
    List<Receipt> all = parse(receiptLines, Receipt.class);
    List<BatchOutcome> outcomes = parse(batchLines, BatchOutcome.class);
    SettlementQueue queue = new SettlementQueue(receipts, batches, all, outcomes);
    Set<String> done = new HashSet<>();
    for (BatchOutcome outcome : outcomes) {
      outcome.settled().forEach(s -> done.add(s.invocationId()));
      outcome.rejected().forEach(r -> done.add(r.invocationId()));
    }
    for (Receipt receipt : all) {
      if (!done.contains(receipt.assignment().runId())) {
        queue.pending.put(receipt.assignment().runId(), receipt);
      }
    }
    if (!queue.pending.isEmpty()) {
      LOG.info("settlement queue reopened with {} unsettled receipts", queue.pending.size());
    }
    return queue;
  }

  /** Every receipt found on disk at open, settled or not. */
  public List<Receipt> restoredReceipts() {
    return restoredReceipts;
  }

  /** Every batch outcome found on disk at open, oldest first. */
  public List<BatchOutcome> restoredOutcomes() {
    return restoredOutcomes;
  }

  /** Makes a receipt durable and pending; returns once it is on disk. */
  public void append(Receipt receipt) throws IOException {
    receipts.append(Json.write(receipt));
    lock.lock();
    try {
      pending.put(receipt.assignment().runId(), receipt);
      if (pending.size() >= batchSize) {
        full.signal();
      }
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
      while (pending.size() < max && left > 0 && !woken) {
        left = full.awaitNanos(left);
      }
      List<Receipt> batch = new ArrayList<>(Math.min(max, pending.size()));
      Iterator<Receipt> it = pending.values().iterator();
      while (it.hasNext() && batch.size() < max) {
        batch.add(it.next());
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Records a committed batch's outcome durably, then drops its receipts from the queue. */
  public void done(BatchOutcome outcome) throws IOException {
    batches.append(Json.write(outcome));
    lock.lock();
    try {
      outcome.settled().forEach(s -> pending.remove(s.invocationId()));
      outcome.rejected().forEach(r -> pending.remove(r.invocationId()));
    } finally {
      lock.unlock();
    }
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

  public int depth() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    try (receipts) {
      batches.close();
    }
  }

  private static <T> List<T> parse(List<String> lines, Class<T> type) {
    List<T> values = new ArrayList<>(lines.size());
    for (String line : lines) {
      try {
        values.add(Json.read(line, type));
      } catch (IllegalArgumentException e) {
        LOG.warn("skipping an unreadable {} line in the settlement queue", type.getSimpleName());
      }
    }
    return values;
  }
}
