package io.edgemarket.agent.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The module's type section, kept as raw bytes, from which the instrumenter derives the block type
 * of the block it wraps around each function body: {@code [] -> results}. A function with several
 * results needs a type index for that; when the module has no such type, one is appended, which
 * shifts no existing index.
 */
final class TypeTable {

  private final byte[] bytes;
  private final int entriesStart;
  private final int end;
  private final List<byte[]> params = new ArrayList<>();
  private final List<byte[]> results = new ArrayList<>();
  private final List<byte[]> appended = new ArrayList<>();

  /** The content of a type section, or of none when {@code start == end}. */
  TypeTable(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.end = end;
    if (start == end) {
      this.entriesStart = end;
      return;
    }
    WasmReader in = new WasmReader(bytes, start, end);
    int count = in.u32();
    this.entriesStart = in.position();
    for (int i = 0; i < count; i++) {
      int form = in.u8();
      if (form != WasmCodes.FUNC_TYPE) {
        throw new IllegalArgumentException("type " + i + " is not a function type: " + form);
      }
      params.add(valueTypes(in));
      results.add(valueTypes(in));
    }
  }

  /** The block type {@code [] -> results of type typeIndex}, encoded. */
  byte[] resultBlockType(int typeIndex) {
    byte[] vector = results.get(typeIndex);
    WasmReader in = new WasmReader(vector, 0, vector.length);
    int count = in.u32();
    if (count == 0) {
      return new byte[] {WasmCodes.EMPTY_BLOCK};
    }
    if (count == 1) {
      return Arrays.copyOfRange(vector, in.position(), vector.length);
    }
    byte[] noParams = {0};
    for (int i = 0; i < results.size(); i++) {
      if (Arrays.equals(params.get(i), noParams) && Arrays.equals(results.get(i), vector)) {
        return new WasmWriter().s64(i).toByteArray();
      }
    }
    int index = results.size();
    params.add(noParams);
    results.add(vector);
    appended.add(new WasmWriter().u8(WasmCodes.FUNC_TYPE).u8(0).bytes(vector).toByteArray());
    return new WasmWriter().s64(index).toByteArray();
  }

  boolean changed() {
    return !appended.isEmpty();
  }

  /** The section content with any appended types. */
  byte[] content() {
    WasmWriter out = new WasmWriter().u32(results.size()).bytes(bytes, entriesStart, end);
    appended.forEach(out::bytes);
    return out.toByteArray();
  }

  private static byte[] valueTypes(WasmReader in) {
    int start = in.position();
    int count = in.u32();
    for (int i = 0; i < count; i++) {
      in.skipValueType();
    }
    WasmWriter copy = new WasmWriter();
    return copy.bytes(in.bytes(), start, in.position()).toByteArray();
  }
}
