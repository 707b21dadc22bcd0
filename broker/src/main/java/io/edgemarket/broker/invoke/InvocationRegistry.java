package io.edgemarket.broker.invoke;

import io.edgemarket.model.api.InvocationResult;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Invocations the broker knows, for duplicate detection and lookups. Claiming an id is atomic, so
 * two requests with one ticket cannot both run. Bounded: past {@link #MAX_ENTRIES}, finished
 * entries are dropped (their receipts stay on the ledger); unfinished ones are always kept.
 */
final class InvocationRegistry {
  static final int MAX_ENTRIES = 200_000;

  /** One invocation: whose it is and what is known of it now. */
  static final class Entry {
    final String consumerId;
    volatile InvocationResult result;

    Entry(String consumerId, InvocationResult result) {
      this.consumerId = consumerId;
      this.result = result;
    }

    boolean finished() {
      return result.finished();
    }
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicInteger claims = new AtomicInteger();

  /** Registers a new invocation; null when the id is already known (a duplicate). */
  Entry claim(String invocationId, String consumerId) {
    Entry entry = new Entry(consumerId, InvocationResult.pending(invocationId));
    if (entries.putIfAbsent(invocationId, entry) != null) {
      return null;
    }
    if ((claims.incrementAndGet() & 1023) == 0 && entries.size() > MAX_ENTRIES) {
      trim();
    }
    return entry;
  }

  /** Restores an invocation from the settlement queue at startup. */
  void restore(String invocationId, String consumerId, InvocationResult result) {
    entries.put(invocationId, new Entry(consumerId, result));
  }

  /** Forgets an invocation refused before anything ran, so its ticket may be used again. */
  void forget(String invocationId) {
    entries.remove(invocationId);
  }

  Entry get(String invocationId) {
    return entries.get(invocationId);
  }

  private synchronized void trim() {
    int excess = entries.size() - MAX_ENTRIES * 9 / 10;
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (excess > 0 && it.hasNext()) {
      if (it.next().getValue().finished()) {
        it.remove();
        excess--;
      }
    }
  }
}
