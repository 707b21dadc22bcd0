package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import io.edgemarket.model.crypto.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Committed state: every key's current value and version, every key's history, the hash of every
 * block, and the ids of all transactions in the log, valid or not (a transaction id is used once,
 * whatever became of it), kept in a {@link StateStore} (on disk: {@link RocksStateStore}). It
 * changes only by {@link #apply}ing a block that is already durable in the log, both when
 * committing and when replaying, so a restart rebuilds exactly the same state; {@link #persist}
 * makes it durable up to the last block applied, so that a restart replays only the blocks after
 * that.
 *
 * <p>Simulations hold the read lock for their whole run and a block is applied under the write
 * lock, as Fabric's transaction manager does, so a query never sees half of a block (an auditor
 * summing balances must never see a debit without its credit); {@link #persist} holds the read lock
 * too, so the store never records half of a block either.
 */
final class WorldState implements AutoCloseable {
  /** One committed write of a key, for {@code getHistoryForKey}. */
  record HistoryEntry(
      String txId, long timestamp, boolean deleted, byte[] value, Version version) {}

  /** The last block: how many blocks, the last one's hash and where it lies in the log. */
  record Tip(long height, String lastHash, long blockOffset, long logEnd) {
    Tip(long height, String lastHash) {
      this(height, lastHash, -1, -1);
    }

    String encode() {
      return height + " " + lastHash + " " + blockOffset + " " + logEnd;
    }

    static Tip decode(String text) {
      String[] parts = text.split(" ");
      return new Tip(
          Long.parseLong(parts[0]), parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]));
    }
  }

  private static final byte[] TIP = StateCodec.meta("tip");
  private static final byte[] TRANSACTIONS = StateCodec.meta("transactions");
  private static final byte[] REJECTED = StateCodec.meta("rejected");
  private static final int PAGE = 256;

  private final StateStore store;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile Tip tip;
  private volatile Tip persisted;
  private volatile long transactions;
  private volatile long rejected;

  /** A state in memory only, from nothing. */
  WorldState() {
    this(new MemoryStateStore());
  }

  /** The state {@code store} holds (empty or as of its last persist), owned from now on. */
  WorldState(StateStore store) {
    this.store = store;
    byte[] recorded = store.get(TIP);
    this.tip =
        recorded == null
            ? new Tip(0, LogCodec.NO_PREVIOUS)
            : Tip.decode(new String(recorded, StandardCharsets.UTF_8));
    this.persisted = tip;
    this.transactions = count(store.get(TRANSACTIONS));
    this.rejected = count(store.get(REJECTED));
  }

  private static long count(byte[] stored) {
    return stored == null ? 0 : StateCodec.number(stored);
  }

  /** Held by a simulation while it runs, so that it reads one consistent state. */
  Lock snapshotLock() {
    return lock.readLock();
  }

  /** True while a block waits for running simulations to finish before it is applied. */
  boolean blockWaiting() {
    return lock.hasQueuedThreads();
  }

  Versioned get(String key) {
    byte[] stored = store.get(StateCodec.key(key));
    return stored == null ? null : StateCodec.value(stored);
  }

  /** Keys from {@code start} (inclusive) to {@code end} (exclusive; empty: to the last key). */
  Iterator<Map.Entry<String, Versioned>> range(String start, String end) {
    if (!end.isEmpty() && KeyOrder.compare(start, end) >= 0) {
      return Collections.emptyIterator();
    }
    byte[] bound = end.isEmpty() ? StateCodec.end(StateCodec.STATE) : StateCodec.key(end);
    return new Scan(StateCodec.key(start), bound);
  }

  /** Keys from {@code start} through {@code last}, both inclusive. */
  Iterator<Map.Entry<String, Versioned>> through(String start, String last) {
    if (KeyOrder.compare(start, last) > 0) {
      return Collections.emptyIterator();
    }
    byte[] lastKey = StateCodec.key(last);
    byte[] bound = Arrays.copyOf(lastKey, lastKey.length + 1); // the first key after last
    return new Scan(StateCodec.key(start), bound);
  }

  /** Reads the state's keys in order, a page at a time, up to a bound (exclusive). */
  private final class Scan implements Iterator<Map.Entry<String, Versioned>> {
    private final byte[] bound;
    private byte[] from;
    private Iterator<Map.Entry<byte[], byte[]>> page = Collections.emptyIterator();
    private boolean last;

    Scan(byte[] from, byte[] bound) {
      this.from = from;
      this.bound = bound;
    }

    @Override
    public boolean hasNext() {
      if (!page.hasNext() && !last) {
        List<Map.Entry<byte[], byte[]>> entries = store.scan(from, bound, false, PAGE);
        last = entries.size() < PAGE;
        if (!entries.isEmpty()) {
          byte[] lastKey = entries.get(entries.size() - 1).getKey();
          from = Arrays.copyOf(lastKey, lastKey.length + 1);
        }
        page = entries.iterator();
      }
      return page.hasNext();
    }

    @Override
    public Map.Entry<String, Versioned> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Map.Entry<byte[], byte[]> entry = page.next();
      return Map.entry(StateCodec.key(entry.getKey()), StateCodec.value(entry.getValue()));
    }
  }

  /** Newest first, as Fabric returns history; call with the snapshot lock held. */
  List<HistoryEntry> history(String key) {
    byte[][] bounds = StateCodec.historyBounds(key);
    List<HistoryEntry> entries = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> entry :
        store.scan(bounds[1], bounds[0], true, Integer.MAX_VALUE)) {
      entries.add(StateCodec.history(entry.getKey(), entry.getValue()));
    }
    return entries;
  }

  boolean knows(String txId) {
    return store.get(StateCodec.tx(txId)) != null;
  }

  long height() {
    return tip.height();
  }

  Tip tip() {
    return tip;
  }

  /** The tip the store holds durably (what an open would start from). */
  Tip persisted() {
    return persisted;
  }

  long transactions() {
    return transactions;
  }

  /** Transactions the log holds as invalid (they failed validation). */
  long rejected() {
    return rejected;
  }

  String lastHash() {
    return tip.lastHash();
  }

  /** The hash of block {@code height - 1}, or null when there are fewer blocks. */
  String hashAt(long height) {
    if (height < 1 || height > tip.height()) {
      return null;
    }
    byte[] hash = store.get(StateCodec.hash(height - 1));
    return hash == null ? null : Crypto.hex(hash);
  }

  /** The tip and the counts of transactions, read as one. */
  record Counted(Tip tip, long transactions, long rejected) {}

  Counted counted() {
    lock.readLock().lock();
    try {
      return new Counted(tip, transactions, rejected);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The hash of the genesis block, which names this ledger; null before there is one. */
  String ledgerId() {
    return hashAt(1);
  }

  /** Applies a durable block that is not in a log (no position). */
  void apply(LogRecords.Sealed sealed) {
    apply(sealed, -1, -1);
  }

  /**
   * Applies a durable block, which lies in the log from byte {@code offset} to {@code end}: its
   * transactions' writes at versions (block, index of the tx).
   */
  void apply(LogRecords.Sealed sealed, long offset, long end) {
    LogRecords.Block block = sealed.block();
    long number = block.number();
    List<LogRecords.Tx> txs = block.txs();
    List<StateStore.Change> changes = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      LogRecords.Tx tx = txs.get(i);
      Version version = new Version(number, i);
      for (LogRecords.Write write : tx.writes()) {
        byte[] value = write.delete() ? null : LogCodec.unbase64(write.value());
        changes.add(
            new StateStore.Change(
                StateCodec.key(write.key()),
                value == null ? null : StateCodec.value(new Versioned(value, version))));
        changes.add(
            new StateStore.Change(
                StateCodec.historyKey(write.key(), version),
                StateCodec.history(
                    new HistoryEntry(tx.txId(), tx.timestamp(), value == null, value, version))));
      }
      changes.add(new StateStore.Change(StateCodec.tx(tx.txId()), StateCodec.number(number)));
    }
    for (LogRecords.Invalid invalid : block.invalid()) {
      changes.add(new StateStore.Change(StateCodec.tx(invalid.txId()), StateCodec.number(number)));
    }
    changes.add(new StateStore.Change(StateCodec.hash(number), Crypto.unhex(sealed.hash())));
    Tip next = new Tip(number + 1, sealed.hash(), offset, end);
    long nextTransactions = transactions + txs.size();
    long nextRejected = rejected + block.invalid().size();
    changes.add(new StateStore.Change(TIP, next.encode().getBytes(StandardCharsets.UTF_8)));
    changes.add(new StateStore.Change(TRANSACTIONS, StateCodec.number(nextTransactions)));
    changes.add(new StateStore.Change(REJECTED, StateCodec.number(nextRejected)));
    lock.writeLock().lock();
    try {
      store.write(changes);
      transactions = nextTransactions;
      rejected = nextRejected;
      tip = next;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Makes the state durable up to the last block applied, and returns that tip. Blocks applied
   * meanwhile wait; simulations do not.
   */
  Tip persist() {
    lock.readLock().lock();
    try {
      store.persist();
      persisted = tip;
      return tip;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Persists and closes the store. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      store.close();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** For tests: the store itself. */
  StateStore store() {
    return store;
  }

  /** Closes the store without persisting what was applied since the last persist (tests). */
  void abandon() {
    store.abandon();
  }
}
