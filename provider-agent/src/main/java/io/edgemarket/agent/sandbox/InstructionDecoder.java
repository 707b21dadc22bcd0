package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.WasmEncoding;

/**
 * Decodes one instruction at a time from a function body, keeping its exact byte range so that the
 * instrumenter can copy it unchanged. Immediates are skipped using Chicory's own table of
 * encodings, so every opcode Chicory accepts is understood here too.
 */
final class InstructionDecoder {

  /** {@link Decoded#blockType} of a block without results. */
  static final long NO_RESULTS = -64;

  /** {@link Decoded#blockType} of a block with one result given inline (a value type). */
  static final long ONE_RESULT = -1;

  /** {@link Decoded#blockType} of an instruction that is not a block. */
  static final long NOT_A_BLOCK = Long.MIN_VALUE;

  /**
   * One instruction.
   *
   * @param start offset of its opcode in the body bytes
   * @param end offset just past its last immediate
   * @param index its first integer immediate (label, function, type, table, local or global index),
   *     or -1
   * @param blockType for block, loop, if and try_table: a type index, {@link #NO_RESULTS} or {@link
   *     #ONE_RESULT}; otherwise {@link #NOT_A_BLOCK}
   */
  record Decoded(OpCode op, int start, int end, long index, long blockType) {}

  private InstructionDecoder() {}

  static Decoded next(WasmReader in) {
    int start = in.position();
    int code = in.u8();
    if (code == 0xfc || code == 0xfd || code == 0xfe) {
      int sub = in.u32();
      if (sub > 0xff) {
        throw new IllegalArgumentException("unknown opcode " + code + "/" + sub);
      }
      code = (code << 8) | sub;
    }
    OpCode op = OpCode.byOpCode(code);
    if (op == null) {
      throw new IllegalArgumentException("unknown opcode 0x" + Integer.toHexString(code));
    }
    long index = -1;
    long blockType = NOT_A_BLOCK;
    if (op == OpCode.MEMORY_SIZE || op == OpCode.MEMORY_GROW) {
      // Chicory lists no immediate for these, but the binary format has a memory index.
      index = in.u32();
    }
    for (WasmEncoding encoding : OpCode.signature(op)) {
      switch (encoding) {
        case VARUINT -> index = first(index, in.unsigned());
        case VARSINT32, VARSINT64 -> index = first(index, in.signed());
        case FLOAT32 -> in.skip(4);
        case FLOAT64 -> in.skip(8);
        case V128 -> in.skip(16);
        case BYTE -> in.u8();
        case BLOCK_TYPE -> blockType = blockType(in);
        case VEC_VARUINT -> {
          int count = in.u32();
          for (int i = 0; i < count; i++) {
            in.unsigned();
          }
        }
        case VEC_VALUE_TYPE -> {
          int count = in.u32();
          for (int i = 0; i < count; i++) {
            in.skipValueType();
          }
        }
        case VEC_CATCH -> skipCatches(in);
      }
    }
    return new Decoded(op, start, in.position(), index, blockType);
  }

  private static long first(long current, long value) {
    return current == -1 ? value : current;
  }

  private static long blockType(WasmReader in) {
    int b = in.peek();
    if (b == WasmCodes.EMPTY_BLOCK) {
      in.u8();
      return NO_RESULTS;
    }
    if (b == WasmCodes.REF || b == WasmCodes.REF_NULL || (b >= 0x40 && b < 0x80)) {
      in.skipValueType();
      return ONE_RESULT;
    }
    long typeIndex = in.signed();
    if (typeIndex < 0) {
      throw new IllegalArgumentException("bad block type " + typeIndex);
    }
    return typeIndex;
  }

  private static void skipCatches(WasmReader in) {
    int count = in.u32();
    for (int i = 0; i < count; i++) {
      int kind = in.u8();
      if (kind == 0 || kind == 1) {
        in.u32(); // tag
      }
      in.u32(); // label
    }
  }
}
