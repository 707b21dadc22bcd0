package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.RangeRead;
import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one simulation read and wrote, as Fabric's read-write set builder records it: the version of
 * every key read (null when the key was absent), every range scanned, and the buffered writes in
 * key order (a null value is a delete). Used by the one thread running the simulation.
 */
final class ReadWriteSet {
  private final Map<String, Version> reads = new HashMap<>();
  private final List<RangeRead> ranges = new ArrayList<>();
  private final TreeMap<String, byte[]> writes = new TreeMap<>(KeyOrder.CODE_POINTS);
  private boolean writePerformed;
  private boolean paginatedQueryPerformed;

  void recordRead(String key, Versioned committed) {
    if (!reads.containsKey(key)) {
      reads.put(key, Versioned.of(committed));
    }
  }

  void recordRange(RangeRead range) {
    ranges.add(range);
  }

  /** Buffers a write; Fabric treats an empty value as a delete, and so does this. */
  void recordWrite(String key, byte[] value) {
    if (paginatedQueryPerformed) {
      throw new IllegalStateException(
          "unsupported transaction: it has already performed a paginated query, writes are not"
              + " allowed");
    }
    writePerformed = true;
    writes.put(key, value == null || value.length == 0 ? null : value.clone());
  }

  /** Fabric supports paginated queries only in read-only transactions. */
  void beforePaginatedQuery() {
    if (writePerformed) {
      throw new IllegalStateException(
          "unsupported transaction: paginated queries are supported only in a read-only"
              + " transaction");
    }
    paginatedQueryPerformed = true;
  }

  Map<String, Version> reads() {
    return Collections.unmodifiableMap(reads);
  }

  List<RangeRead> ranges() {
    return Collections.unmodifiableList(ranges);
  }

  SortedMap<String, byte[]> writes() {
    return Collections.unmodifiableSortedMap(writes);
  }
}
