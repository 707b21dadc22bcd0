package io.edgemarket.ledger.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link StateStore} in memory only: the chaincode's unit tests ({@link LocalTransactions}). */
final class MemoryStateStore implements StateStore {
  private final ConcurrentSkipListMap<byte[], byte[]> entries =
      new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

  @Override
  public byte[] get(byte[] key) {
    return entries.get(key);
  }

  @Override
  public List<Map.Entry<byte[], byte[]>> scan(
      byte[] from, byte[] to, boolean descending, int limit) {
    NavigableMap<byte[], byte[]> part =
        descending
            ? entries.headMap(from, true).tailMap(to, true).descendingMap()
            : entries.tailMap(from, true).headMap(to, false);
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> entry : part.entrySet()) {
      if (out.size() == limit) {
        break;
      }
      out.add(Map.entry(entry.getKey(), entry.getValue()));
    }
    return out;
  }

  @Override
  public void write(List<Change> changes) {
    for (Change change : changes) {
      if (change.value() == null) {
        entries.remove(change.key());
      } else {
        entries.put(change.key(), change.value());
      }
    }
  }

  @Override
  public void persist() {}

  @Override
  public void close() {}

  @Override
  public void abandon() {}
}
