package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import io.edgemarket.model.crypto.Crypto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Committed state: every key's current value and version, every key's history, the hash of every
 * block, and the ids of all transactions in the log, valid or not (a transaction id is used once,
 * whatever became of it). It changes only by {@link #apply}ing a block that is already durable in
 * the log, both when committing and when replaying, or by starting from a {@link Snapshot} of it,
 * so a restart rebuilds exactly the same state.
 *
 * <p>Simulations hold the read lock for their whole run and a block is applied under the write
 * lock, as Fabric's transaction manager does, so a query never sees half of a block (an auditor
 * summing balances must never see a debit without its credit).
 *
 * <p>A key's history is an immutable list, newest first, and every entry and transaction id carries
 * its block: a snapshot can then be written in the background, without any lock, as of a height
 * already passed, by leaving out what later blocks added.
 */
final class WorldState {
  /** One committed write of a key, for {@code getHistoryForKey}, linked to the one before it. */
  record HistoryEntry(
      String txId,
      long timestamp,
      boolean deleted,
      byte[] value,
      Version version,
      HistoryEntry older) {}

  /** The last block: how many blocks, the last one's hash and where it lies in the log. */
  record Tip(long height, String lastHash, long blockOffset, long logEnd) {
    Tip(long height, String lastHash) {
      this(height, lastHash, -1, -1);
    }
  }

  private final ConcurrentSkipListMap<String, Versioned> state;
  private final ConcurrentSkipListMap<String, HistoryEntry> history;
  private final Map<String, Long> txBlocks; // every transaction id, with its block

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<byte[]> hashes; // guarded by lock
  private volatile Tip tip;
  private volatile long transactions;
  private volatile long rejected;

  WorldState() {
    this.state = new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS);
    this.history = new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS);
    this.txBlocks = new ConcurrentHashMap<>();
    this.hashes = new ArrayList<>();
    this.tip = new Tip(0, LogCodec.NO_PREVIOUS);
  }

  /** The state a snapshot recorded, to which the blocks after it are then applied. */
  WorldState(Snapshot snapshot) {
    this.state = new ConcurrentSkipListMap<>(snapshot.state());
    this.history = new ConcurrentSkipListMap<>(snapshot.history());
    this.txBlocks = new ConcurrentHashMap<>(snapshot.txBlocks());
    this.hashes = new ArrayList<>(snapshot.hashes());
    this.tip = snapshot.tip();
    this.transactions = snapshot.transactions();
    this.rejected = snapshot.rejected();
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
    return state.get(key);
  }

  NavigableMap<String, Versioned> range(String start, String end) {
    return KeyOrder.range(state, start, end);
  }

  NavigableMap<String, Versioned> through(String start, String last) {
    return KeyOrder.through(state, start, last);
  }

  /** Newest first, as Fabric returns history; call with the snapshot lock held. */
  List<HistoryEntry> history(String key) {
    List<HistoryEntry> entries = new ArrayList<>();
    for (HistoryEntry e = history.get(key); e != null; e = e.older()) {
      entries.add(e);
    }
    return entries;
  }

  /** Every key's newest history entry, in key order (entries of later blocks may show). */
  NavigableMap<String, HistoryEntry> allHistory() {
    return history;
  }

  /** Every transaction id with its block (ids of later blocks may show). */
  Map<String, Long> txBlocks() {
    return txBlocks;
  }

  boolean knows(String txId) {
    return txBlocks.containsKey(txId);
  }

  long height() {
    return tip.height();
  }

  Tip tip() {
    return tip;
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
    lock.readLock().lock();
    try {
      return height < 1 || height > hashes.size()
          ? null
          : Crypto.hex(hashes.get((int) (height - 1)));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The hashes of the first {@code height} blocks. */
  List<byte[]> hashes(long height) {
    lock.readLock().lock();
    try {
      return List.copyOf(hashes.subList(0, (int) height));
    } finally {
      lock.readLock().unlock();
    }
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
    Long number = block.number();
    lock.writeLock().lock();
    try {
      List<LogRecords.Tx> txs = block.txs();
      for (int i = 0; i < txs.size(); i++) {
        LogRecords.Tx tx = txs.get(i);
        Version version = new Version(block.number(), i);
        for (LogRecords.Write write : tx.writes()) {
          byte[] value = write.delete() ? null : LogCodec.unbase64(write.value());
          if (value == null) {
            state.remove(write.key());
          } else {
            state.put(write.key(), new Versioned(value, version));
          }
          history.compute(
              write.key(),
              (k, older) ->
                  new HistoryEntry(
                      tx.txId(), tx.timestamp(), value == null, value, version, older));
        }
        txBlocks.put(tx.txId(), number);
      }
      block.invalid().forEach(invalid -> txBlocks.put(invalid.txId(), number));
      transactions += txs.size();
      rejected += block.invalid().size();
      hashes.add(Crypto.unhex(sealed.hash()));
      tip = new Tip(block.number() + 1, sealed.hash(), offset, end);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
