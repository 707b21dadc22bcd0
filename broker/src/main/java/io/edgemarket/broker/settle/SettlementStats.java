package io.edgemarket.broker.settle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Running totals of settlement and the last few batches, for the market summary and UI. */
public final class SettlementStats {
  private static final int RECENT = 20;

  private final Deque<BatchOutcome> recent = new ArrayDeque<>();
  private long batches;
  private long settledReceipts;
  private long rejectedReceipts;
  private long settledAmount;

  /** Starts from the totals of a queue reopened and the latest batches it remembers. */
  synchronized void restore(Checkpoint.Totals totals, List<BatchOutcome> latest) {
    batches = totals.batches();
    settledReceipts = totals.settledReceipts();
    rejectedReceipts = totals.rejectedReceipts();
    settledAmount = totals.settledAmount();
    for (BatchOutcome outcome : latest) {
      recent.addFirst(outcome);
      while (recent.size() > RECENT) {
        recent.removeLast();
      }
    }
  }

  /** Counts one batch outcome. */
  public synchronized void add(BatchOutcome outcome) {
    batches++;
    settledReceipts += outcome.settled().size();
    rejectedReceipts += outcome.rejected().size();
    settledAmount += outcome.totalAmount();
    recent.addFirst(outcome);
    while (recent.size() > RECENT) {
      recent.removeLast();
    }
  }

  public synchronized long batches() {
    return batches;
  }

  public synchronized long settledReceipts() {
    return settledReceipts;
  }

  public synchronized long rejectedReceipts() {
    return rejectedReceipts;
  }

  public synchronized long settledAmount() {
    return settledAmount;
  }

  /** The latest batches, newest first. */
  public synchronized List<BatchOutcome> recent() {
    return new ArrayList<>(recent);
  }
}
