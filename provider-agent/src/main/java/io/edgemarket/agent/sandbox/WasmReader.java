package io.edgemarket.agent.sandbox;

/**
 * A cursor over WebAssembly binary-format bytes, decoding LEB128 integers. The instrumenter reads
 * modules that Chicory has already parsed and validated, so a malformed encoding here is an
 * inconsistency between the two readers; it surfaces as an {@link IllegalArgumentException} that
 * the instrumenter turns into a rejection.
 */
final class WasmReader {

  private final byte[] bytes;
  private final int end;
  private int position;

  WasmReader(byte[] bytes, int start, int end) {
    if (start < 0 || end > bytes.length || start > end) {
      throw new IllegalArgumentException("bad range " + start + ".." + end);
    }
    this.bytes = bytes;
    this.position = start;
    this.end = end;
  }

  int position() {
    return position;
  }

  /** The whole underlying array (positions are offsets into it). */
  byte[] bytes() {
    return bytes;
  }

  int end() {
    return end;
  }

  boolean atEnd() {
    return position >= end;
  }

  int peek() {
    need(1);
    return bytes[position] & 0xff;
  }

  int u8() {
    need(1);
    return bytes[position++] & 0xff;
  }

  void skip(int count) {
    need(count);
    position += count;
  }

  /** An unsigned LEB128 that must fit in a non-negative int (counts, sizes and indices). */
  int u32() {
    long value = unsigned();
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("u32 too large at " + position + ": " + value);
    }
    return (int) value;
  }

  /** Any unsigned LEB128 of up to 64 bits (memory offsets may exceed 32 bits). */
  long unsigned() {
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = u8();
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("LEB128 too long at " + position);
  }

  /** A signed LEB128 of up to 64 bits (s32, s33 and s64 alike). */
  long signed() {
    long result = 0;
    int shift = 0;
    int b;
    do {
      if (shift >= 70) {
        throw new IllegalArgumentException("LEB128 too long at " + position);
      }
      b = u8();
      result |= (long) (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if (shift < 64 && (b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  /** Skips a value type: one byte, or a reference type's prefix followed by its heap type. */
  void skipValueType() {
    int b = u8();
    if (b == WasmCodes.REF || b == WasmCodes.REF_NULL) {
      signed();
    }
  }

  private void need(int count) {
    if (count < 0 || end - position < count) {
      throw new IllegalArgumentException("unexpected end of bytes at " + position);
    }
  }
}
