package io.edgemarket.broker.settle;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.Statement;
import io.edgemarket.model.crypto.Crypto;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Statements providers and consumers sent (issue 11), by the receipt or ticket leaves they name, so
 * the settler can send each batch with the statements that cover it. Only statements that verify
 * with the key their sender authenticated with, and that speak for that sender, are kept: a broker
 * must never carry a statement it could have been fooled by. Memory only, and bounded ({@value
 * #MAX_LEAVES} leaves, oldest statements first out): a statement lost to a restart or to the bound
 * costs only speed, as its items are each signed and are then verified one by one.
 */
public final class StatementBook {
  static final int MAX_LEAVES = 1 << 18;

  /**
   * A sender is waited for only while it sends statements: its last one came within this long. A
   * consumer that slowed down to a few calls a second signs no more statements, and batches of its
   * tickets must not wait for one.
   */
  static final long ACTIVE_MILLIS = 500;

  public StatementBook() {
    this(System::currentTimeMillis);
  }

  StatementBook(java.util.function.LongSupplier clock) {
    this.clock = clock;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition added = lock.newCondition();
  private final Map<String, Statement> byLeaf = new HashMap<>();
  private final Deque<Statement> order = new ArrayDeque<>();

  /** When each sender's last statement came (broker clock), by kind and id. */
  private final Map<String, Long> lastFrom = new HashMap<>();

  private final java.util.function.LongSupplier clock;
  private long leaves;
  private long accepted;
  private long refused;

  /**
   * Keeps {@code statement} when it is {@code senderId}'s own, of {@code kind}, and verifies with
   * {@code senderKey}; false (and nothing kept) otherwise.
   */
  public boolean offer(String senderId, String kind, PublicKey senderKey, Statement statement) {
    if (statement == null
        || !kind.equals(statement.kind())
        || !senderId.equals(statement.signerId())
        || statement.leaves().isEmpty()
        || !statement.verify(senderKey)) {
      lock.lock();
      try {
        refused++;
      } finally {
        lock.unlock();
      }
      return false;
    }
    lock.lock();
    try {
      for (String leaf : statement.leaves()) {
        byLeaf.put(leaf.toLowerCase(java.util.Locale.ROOT), statement);
      }
      order.addLast(statement);
      lastFrom.put(kind + " " + senderId, clock.getAsLong());
      leaves += statement.leaves().size();
      while (leaves > MAX_LEAVES && order.size() > 1) {
        Statement oldest = order.pollFirst();
        for (String leaf : oldest.leaves()) {
          byLeaf.remove(leaf.toLowerCase(java.util.Locale.ROOT), oldest);
        }
        leaves -= oldest.leaves().size();
      }
      accepted++;
      added.signalAll();
    } finally {
      lock.unlock();
    }
    return true;
  }

  /**
   * A receipt's leaf and its ticket's, with whose they are: hashed once per batch. A ticket fired
   * under a grant is the broker's, which no consumer statement names: not waited for.
   */
  private record Item(String receiptLeaf, String providerId, String ticketLeaf, String consumerId) {
    static Item of(Receipt receipt) {
      boolean fired = receipt.ticket().grantId() != null;
      return new Item(
          Crypto.hex(receipt.leafHash()),
          Statement.RECEIPTS + " " + receipt.providerId(),
          fired ? "" : Crypto.hex(receipt.ticket().leafHash()),
          fired ? "" : Statement.TICKETS + " " + receipt.ticket().consumerId());
    }
  }

  /**
   * The statements naming any receipt of the batch or its ticket, each once, at most {@link
   * SettlementBatch#MAX_STATEMENTS} (the items beyond are verified one by one). First waits up to
   * {@code waitMillis} until every receipt whose provider sends statements is covered by one, and
   * likewise every ticket whose consumer does: a statement follows its items by some tens of
   * milliseconds, and settling without it costs the ledger a signature check per item. Parties that
   * never sent a statement are not waited for.
   */
  public List<Statement> covering(List<Receipt> receipts, long waitMillis)
      throws InterruptedException {
    List<Item> items = receipts.stream().map(Item::of).toList();
    long left = TimeUnit.MILLISECONDS.toNanos(waitMillis);
    Set<Statement> found = new LinkedHashSet<>();
    lock.lockInterruptibly();
    try {
      while (left > 0 && !covered(items)) {
        left = added.awaitNanos(left);
      }
      for (Item item : items) {
        add(found, byLeaf.get(item.receiptLeaf()));
        add(found, byLeaf.get(item.ticketLeaf()));
      }
    } finally {
      lock.unlock();
    }
    return List.copyOf(found);
  }

  private static void add(Set<Statement> found, Statement statement) {
    if (statement != null && found.size() < SettlementBatch.MAX_STATEMENTS) {
      found.add(statement);
    }
  }

  private boolean covered(List<Item> items) {
    long now = clock.getAsLong();
    for (Item item : items) {
      if (active(item.providerId(), now) && !byLeaf.containsKey(item.receiptLeaf())) {
        return false;
      }
      if (active(item.consumerId(), now) && !byLeaf.containsKey(item.ticketLeaf())) {
        return false;
      }
    }
    return true;
  }

  private boolean active(String sender, long now) {
    Long last = lastFrom.get(sender);
    return last != null && now - last <= ACTIVE_MILLIS;
  }

  /** Whether a kept statement names this leaf (hex); for tests. */
  boolean holds(String leaf) {
    lock.lock();
    try {
      return byLeaf.containsKey(leaf.toLowerCase(java.util.Locale.ROOT));
    } finally {
      lock.unlock();
    }
  }

  /** Statements kept and refused so far. */
  public long accepted() {
    lock.lock();
    try {
      return accepted;
    } finally {
      lock.unlock();
    }
  }

  public long refused() {
    lock.lock();
    try {
      return refused;
    } finally {
      lock.unlock();
    }
  }
}
