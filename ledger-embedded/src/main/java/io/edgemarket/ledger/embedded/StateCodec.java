package io.edgemarket.ledger.embedded;

import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.ledger.embedded.Mvcc.Versioned;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How the {@link StateStore} lays out its entries as bytes. Every key starts with one byte naming
 * what it holds, so each kind lies together in the store's byte order:
 *
 * <ul>
 *   <li>{@code s}: a state key's UTF-8 (byte order is code point order, Fabric's); the value is the
 *       version (block, tx) followed by the value;
 *   <li>{@code h}: a state key's UTF-8, the byte 0xFF (which UTF-8 never holds, so one key's
 *       history never interleaves with a longer key's) and the version, big-endian, so a key's
 *       history lies together in version order; the value is the time, whether it was a delete, the
 *       transaction id and the value written;
 *   <li>{@code t}: a transaction id (valid or not), with its block;
 *   <li>{@code b}: a block number, big-endian, with the block's hash;
 *   <li>{@code m}: facts about the last block applied (its tip, the counts).
 * </ul>
 */
final class StateCodec {
  static final byte STATE = 's';
  static final byte HISTORY = 'h';
  static final byte TX = 't';
  static final byte HASH = 'b';
  static final byte META = 'm';
  private static final int VERSION_BYTES = Long.BYTES + Integer.BYTES;

  private StateCodec() {}

  static byte[] key(String key) {
    return prefixed(STATE, key);
  }

  static String key(byte[] key) {
    return new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
  }

  /** The first key after every key of {@code kind}. */
  static byte[] end(byte kind) {
    return new byte[] {(byte) (kind + 1)};
  }

  static byte[] tx(String txId) {
    return prefixed(TX, txId);
  }

  static byte[] meta(String name) {
    return prefixed(META, name);
  }

  static byte[] hash(long block) {
    return ByteBuffer.allocate(1 + Long.BYTES).put(HASH).putLong(block).array();
  }

  static byte[] number(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  static long number(byte[] stored) {
    return ByteBuffer.wrap(stored).getLong();
  }

  private static byte[] prefixed(byte kind, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[utf8.length + 1];
    key[0] = kind;
    System.arraycopy(utf8, 0, key, 1, utf8.length);
    return key;
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
    byte[] utf8 = prefixed(HISTORY, key);
    return ByteBuffer.allocate(utf8.length + 1 + VERSION_BYTES)
        .put(utf8)
        .put((byte) 0xFF)
        .putLong(version.block())
        .putInt(version.tx())
        .array();
  }

  /** The lowest and the highest history key {@code key}'s entries can have. */
  static byte[][] historyBounds(String key) {
    byte[] utf8 = prefixed(HISTORY, key);
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
