package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import io.edgemarket.model.crypto.Crypto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Committed state: every key's current value and version, every key's history, the hash of every
 * block, and the ids of all transactions in the log, valid or not (a transaction id is used once,
 * whatever became of it). It changes only by {@link #apply}ing a block that is already durable in
 * the log, both when committing and when replaying, so a restart rebuilds exactly the same state.
 *
 * <p>Simulations hold the read lock for their whole run and a block is applied under the write
 * lock, as Fabric's transaction manager does, so a query never sees half of a block (an auditor
 * summing balances must never see a debit without its credit).
 */
final class WorldState {
  /** One committed write of a key, for {@code getHistoryForKey}. */
  record HistoryEntry(String txId, long timestamp, boolean deleted, byte[] value) {}

  private final ConcurrentSkipListMap<String, Versioned> state =
      new ConcurrentSkipListMap<>(KeyOrder.CODE_POINTS);
  private final Map<String, List<HistoryEntry>> history = new HashMap<>();
  private final Set<String> txIds = ConcurrentHashMap.newKeySet();

  /** The last block: how many blocks there are, and the last one's hash, read as one. */
  record Tip(long height, String lastHash) {}

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<byte[]> hashes = new ArrayList<>(); // guarded by lock
  private volatile Tip tip = new Tip(0, LogCodec.NO_PREVIOUS);
  private volatile long transactions;
  private volatile long rejected;

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
    List<HistoryEntry> entries = new ArrayList<>(history.getOrDefault(key, List.of()));
    Collections.reverse(entries);
    return entries;
  }

  boolean knows(String txId) {
    return txIds.contains(txId);
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

  /** The hash of the genesis block, which names this ledger; null before there is one. */
  String ledgerId() {
    return hashAt(1);
  }

  /** Applies a durable block: its transactions' writes at versions (block, index of the tx). */
  void apply(LogRecords.Sealed sealed) {
    LogRecords.Block block = sealed.block();
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
          history
              .computeIfAbsent(write.key(), k -> new ArrayList<>())
              .add(new HistoryEntry(tx.txId(), tx.timestamp(), value == null, value));
        }
        txIds.add(tx.txId());
      }
      block.invalid().forEach(invalid -> txIds.add(invalid.txId()));
      transactions += txs.size();
      rejected += block.invalid().size();
      hashes.add(Crypto.unhex(sealed.hash()));
      tip = new Tip(block.number() + 1, sealed.hash());
    } finally {
      lock.writeLock().unlock();
    }
  }
}
