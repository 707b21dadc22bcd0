package io.edgemarket.agent;

import io.edgemarket.agent.link.BrokerLink;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Statement;
import io.edgemarket.model.crypto.Identity;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's statements over the receipts it signs (issue 11): every {@value #PERIOD_MILLIS} ms,
 * or as soon as {@value #MAX_LEAVES} receipts wait, one signature over all receipts signed since
 * the last statement, sent to the broker on the link. The broker settles them with the statement,
 * and the ledger verifies that one signature instead of each receipt's.
 *
 * <p>Off the hot path: a run only hands its receipt over; hashing and signing happen on this
 * class's own thread. A statement that cannot be sent (the link is down) is dropped: its receipts
 * are each signed anyway, and are then verified one by one.
 */
final class ReceiptStatements implements AutoCloseable {
  static final long PERIOD_MILLIS = 50;
  static final int MAX_LEAVES = 256;
  private static final Logger LOG = LoggerFactory.getLogger(ReceiptStatements.class);

  private final Identity identity;
  private final Supplier<BrokerLink> link;
  private final String prefix = UUID.randomUUID().toString();
  private final AtomicLong sent = new AtomicLong();
  private final ScheduledExecutorService thread;
  private List<Receipt> pending = new ArrayList<>();
  private boolean flushQueued;

  ReceiptStatements(Identity identity, Supplier<BrokerLink> link) {
    this.identity = identity;
    this.link = link;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "edgemarket-receipt-statements");
              t.setDaemon(true);
              return t;
            });
    thread.scheduleWithFixedDelay(this::flush, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** A receipt just signed; it goes into the next statement. */
  void add(Receipt receipt) {
    boolean full;
    synchronized (this) {
      pending.add(receipt);
      full = pending.size() >= MAX_LEAVES && !flushQueued;
      flushQueued |= full;
    }
    if (full) {
      try {
        thread.execute(this::flush);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed: the receipts are verified one by one
      }
    }
  }

  /** Statements sent so far. */
  long sent() {
    return sent.get();
  }

  private void flush() {
    List<Receipt> batch;
    synchronized (this) {
      flushQueued = false;
      if (pending.isEmpty()) {
        return;
      }
      batch = pending;
      pending = new ArrayList<>();
    }
    try {
      BrokerLink current = link.get();
      if (current == null || !current.isUp()) {
        return;
      }
      for (int from = 0; from < batch.size(); from += MAX_LEAVES) {
        List<Receipt> part = batch.subList(from, Math.min(batch.size(), from + MAX_LEAVES));
        Statement statement =
            Statement.sign(
                Statement.RECEIPTS,
                identity,
                prefix + "-" + sent.get(),
                part.stream().map(Receipt::leafHash).toList());
        if (current.statement(statement)) {
          sent.incrementAndGet();
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("could not send a statement of {} receipts: {}", batch.size(), e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
