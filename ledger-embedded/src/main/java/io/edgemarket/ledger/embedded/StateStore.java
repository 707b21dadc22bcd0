package io.edgemarket.ledger.embedded;

import java.util.List;
import java.util.Map;

/**
 * Where the {@link WorldState} keeps its entries: byte keys in unsigned byte order (Fabric's code
 * point order, for UTF-8 keys), values as bytes, written a block at a time. {@link StateCodec}
 * decides the layout; a store knows nothing of it.
 *
 * <p>The world state's lock orders access: reads and scans happen with its read lock held and
 * {@link #write} under its write lock, so a store need not isolate a reader from a write.
 */
interface StateStore extends AutoCloseable {
  /** One change of a block: a put, or a delete when {@code value} is null. */
  record Change(byte[] key, byte[] value) {}

  byte[] get(byte[] key);

  /**
   * Up to {@code limit} entries from {@code from} (inclusive) upwards, below {@code to}
   * (exclusive); ascending, or descending from {@code from} down to {@code to} (inclusive) when
   * {@code descending}.
   */
  List<Map.Entry<byte[], byte[]>> scan(byte[] from, byte[] to, boolean descending, int limit);

  /** Applies a block's changes, all or none. */
  void write(List<Change> changes);

  /** Makes every write so far durable (on disk, forced) as one state. */
  void persist();

  /** Persists and releases the store. */
  @Override
  void close();

  /** Releases the store without persisting, as a crash would leave it (tests). */
  void abandon();
}
