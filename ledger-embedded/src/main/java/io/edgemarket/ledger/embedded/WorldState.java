package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
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
 * Committed state: every key's current value and version, every key's history, and the ids of all
 * committed transactions. It changes only by {@link #apply}ing a block that is already durable in
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
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile long height;
  private volatile long transactions;
  private volatile String lastHash = LogCodec.NO_PREVIOUS;

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
    return height;
  }

  long transactions() {
    return transactions;
  }

  String lastHash() {
    return lastHash;
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
      transactions += txs.size();
      lastHash = sealed.hash();
      height = block.number() + 1;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
