package io.edgemarket.ledger.embedded;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Byte-array keys of the {@link StateStore}, ordered by unsigned bytes. Keys are stored as UTF-8,
 * whose byte order is Unicode code point order, the order Fabric's state database keeps (see {@link
 * KeyOrder}); MVStore's own string type compares UTF-16 code units instead.
 */
final class KeyBytes extends BasicDataType<byte[]> {
  static final KeyBytes INSTANCE = new KeyBytes();

  private KeyBytes() {}

  @Override
  public int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  @Override
  public int getMemory(byte[] key) {
    return 24 + key.length;
  }

  @Override
  public void write(WriteBuffer buffer, byte[] key) {
    buffer.putVarInt(key.length).put(key);
  }

  @Override
  public byte[] read(ByteBuffer buffer) {
    byte[] key = new byte[DataUtils.readVarInt(buffer)];
    buffer.get(key);
    return key;
  }

  @Override
  public byte[][] createStorage(int size) {
    return new byte[size][];
  }
}
