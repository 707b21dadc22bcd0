package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How the {@link StateStore} lays out its entries as bytes.
 *
 * <ul>
 *   <li>a state key is its UTF-8; its value is the version (block, tx) followed by the value;
 *   <li>a history key is the state key's UTF-8, the byte 0xFF (which UTF-8 never holds, so one
 *       key's history never interleaves with a longer key's) and the version, big-endian, so a
 *       key's history lies together in version order; its value is the time, whether it was a
 *       delete, the transaction id and the value written.
 * </ul>
 */
final class StateCodec {
  private static final int VERSION_BYTES = Long.BYTES + Integer.BYTES;

  private StateCodec() {}

  static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static String key(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  static byte[] value(Versioned versioned) {
    byte[] value = versioned.value();
    return ByteBuffer.allocate(VERSION_BYTES + value.length)
        .putLong(versioned.version().block())
        .putInt(versioned.version().tx())
        .put(value)
        .array();
  }

  static Versioned value(byte[] stored) {
    ByteBuffer buffer = ByteBuffer.wrap(stored);
    Version version = new Version(buffer.getLong(), buffer.getInt());
    return new Versioned(Arrays.copyOfRange(stored, VERSION_BYTES, stored.length), version);
  }

  static byte[] historyKey(String key, Version version) {
    byte[] utf8 = key(key);
    return ByteBuffer.allocate(utf8.length + 1 + VERSION_BYTES)
        .put(utf8)
        .put((byte) 0xFF)
        .putLong(version.block())
        .putInt(version.tx())
        .array();
  }

  /** The lowest and the highest history key {@code key}'s entries can have. */
  static byte[][] historyBounds(String key) {
    byte[] utf8 = key(key);
    byte[] low = Arrays.copyOf(utf8, utf8.length + 1);
    low[utf8.length] = (byte) 0xFF;
    byte[] high = Arrays.copyOf(low, utf8.length + 1 + VERSION_BYTES);
    Arrays.fill(high, utf8.length + 1, high.length, (byte) 0xFF);
    return new byte[][] {low, high};
  }

  static byte[] history(WorldState.HistoryEntry entry) {
    byte[] txId = entry.txId().getBytes(StandardCharsets.UTF_8);
    byte[] value = entry.value() == null ? new byte[0] : entry.value();
    return ByteBuffer.allocate(Long.BYTES + 1 + Integer.BYTES + txId.length + value.length)
        .putLong(entry.timestamp())
        .put((byte) (entry.deleted() ? 1 : 0))
        .putInt(txId.length)
        .put(txId)
        .put(value)
        .array();
  }

  static WorldState.HistoryEntry history(byte[] historyKey, byte[] stored) {
    ByteBuffer key = ByteBuffer.wrap(historyKey, historyKey.length - VERSION_BYTES, VERSION_BYTES);
    Version version = new Version(key.getLong(), key.getInt());
    ByteBuffer buffer = ByteBuffer.wrap(stored);
    long timestamp = buffer.getLong();
    boolean deleted = buffer.get() == 1;
    byte[] txId = new byte[buffer.getInt()];
    buffer.get(txId);
    byte[] value = deleted ? null : Arrays.copyOfRange(stored, buffer.position(), stored.length);
    return new WorldState.HistoryEntry(
        new String(txId, StandardCharsets.UTF_8), timestamp, deleted, value, version);
  }
}
