package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.WasmCodes.GLOBAL_GET;
import static io.edgemarket.agent.sandbox.WasmCodes.GLOBAL_SET;
import static io.edgemarket.agent.sandbox.WasmCodes.I64_ADD;
import static io.edgemarket.agent.sandbox.WasmCodes.I64_CONST;
import static io.edgemarket.agent.sandbox.WasmCodes.I64_EXTEND_I32_U;
import static io.edgemarket.agent.sandbox.WasmCodes.I64_LT_U;
import static io.edgemarket.agent.sandbox.WasmCodes.I64_SUB;

import com.dylibso.chicory.wasm.types.OpCode;

/**
 * The code the instrumenter inserts, and its cost model. Every guard works on globals the
 * instrumenter appends (see {@link MeterGlobals}), so it holds alike in Chicory's interpreter and
 * in compiled code, and fails at the same instruction in both. A guard that trips executes {@code
 * unreachable}; the sandbox tells that apart from the function's own trap by the globals.
 *
 * <p>Cost model: every instruction costs 1, except {@code end} and {@code else}, which only mark
 * structure. A straight-line segment (up to and including the next block, branch, call, throw,
 * return or unreachable) is charged in full when it is entered, before it runs.
 */
final class Guards {

  /** Stack units a frame costs beyond its locals and operands: the call itself. */
  static final long FRAME_UNITS = 4;

  static final int ABORT_MEMORY = 1;
  static final int ABORT_TABLE = 2;

  private final MeterGlobals g;
  private final ModuleShape shape;
  private final long weight;
  private final int savedDepthLocal;

  /**
   * @param weight stack units one activation of the function costs
   * @param savedDepthLocal first of two i64 locals holding the frame's accounting, for functions
   *     that catch exceptions; -1 for others
   */
  Guards(MeterGlobals g, ModuleShape shape, long weight, int savedDepthLocal) {
    this.g = g;
    this.shape = shape;
    this.weight = weight;
    this.savedDepthLocal = savedDepthLocal;
  }

  static long cost(OpCode op) {
    return op == OpCode.END || op == OpCode.ELSE ? 0 : 1;
  }

  static boolean endsSegment(OpCode op) {
    return switch (op) {
      case UNREACHABLE,
          BLOCK,
          LOOP,
          IF,
          ELSE,
          END,
          TRY_TABLE,
          THROW,
          THROW_REF,
          BR,
          BR_IF,
          BR_TABLE,
          RETURN,
          CALL,
          CALL_INDIRECT,
          RETURN_CALL,
          RETURN_CALL_INDIRECT,
          CALL_REF,
          RETURN_CALL_REF,
          BR_ON_NULL,
          BR_ON_NON_NULL ->
          true;
      default -> false;
    };
  }

  /** fuel -= cost; trap if it went negative. */
  void charge(WasmWriter out, long cost) {
    add(out, g.fuel(), -cost);
    out.u8(GLOBAL_GET).u32(g.fuel()).u8(I64_CONST).u8(0).u8(WasmCodes.I64_LT_S);
    trapIf(out, 0);
  }

  /** depth -= 1, stack -= weight; trap if either went negative. */
  void enter(WasmWriter out) {
    add(out, g.depth(), -1);
    add(out, g.stack(), -weight);
    out.u8(GLOBAL_GET).u32(g.depth()).u8(GLOBAL_GET).u32(g.stack()).u8(WasmCodes.I64_OR);
    out.u8(I64_CONST).u8(0).u8(WasmCodes.I64_LT_S);
    trapIf(out, 0);
    if (savedDepthLocal >= 0) {
      out.u8(GLOBAL_GET).u32(g.depth()).u8(WasmCodes.LOCAL_SET).u32(savedDepthLocal);
      out.u8(GLOBAL_GET).u32(g.stack()).u8(WasmCodes.LOCAL_SET).u32(savedDepthLocal + 1L);
    }
  }

  /** Gives back what {@link #enter} took. */
  void leave(WasmWriter out) {
    if (savedDepthLocal >= 0) {
      // Absolute: frames unwound by an exception under this one never gave theirs back.
      restore(out, g.depth(), savedDepthLocal, 1);
      restore(out, g.stack(), savedDepthLocal + 1, weight);
    } else {
      add(out, g.depth(), 1);
      add(out, g.stack(), weight);
    }
  }

  /** Where a caught exception may land: resets the accounting to this frame's own. */
  void afterLanding(WasmWriter out) {
    if (savedDepthLocal >= 0) {
      restore(out, g.depth(), savedDepthLocal, 0);
      restore(out, g.stack(), savedDepthLocal + 1, 0);
    }
  }

  /** With the page delta on the stack: abort if the new size is above the cap, within the max. */
  void beforeMemoryGrow(WasmWriter out, byte[] bytes, int memoryIndexFrom, int memoryIndexTo) {
    out.u8(GLOBAL_SET).u32(g.scratch());
    out.u8(WasmCodes.MEMORY_SIZE).bytes(bytes, memoryIndexFrom, memoryIndexTo);
    wanted(out);
    out.u8(GLOBAL_GET).u32(g.memoryFloor()).u8(I64_SUB);
    out.u8(GLOBAL_GET).u32(g.memorySpan()).u8(I64_LT_U);
    trapIf(out, ABORT_MEMORY);
    out.u8(GLOBAL_GET).u32(g.scratch());
  }

  /**
   * With the element delta on the stack: the same for the sandbox's table cap; and a growth past
   * the module's own maximum is handed to Chicory as a delta of -1, which it refuses with -1 as it
   * should. Chicory 1.6.1 adds size and delta as ints: a delta that overflows the sum reached
   * {@code Arrays.copyOf} with a negative size (GeneratedModulesTest found it).
   */
  void beforeTableGrow(WasmWriter out, int table) {
    long max = shape.tableMax(table);
    out.u8(GLOBAL_SET).u32(g.scratch());
    if (max > Meter.MAX_TABLE_ELEMENTS) {
      tableWanted(out, table);
      out.u8(I64_CONST).s64(Meter.MAX_TABLE_ELEMENTS + 1).u8(I64_SUB);
      out.u8(I64_CONST).s64(max - Meter.MAX_TABLE_ELEMENTS).u8(I64_LT_U);
      trapIf(out, ABORT_TABLE);
    }
    out.u8(WasmCodes.I32_CONST).s64(-1).u8(GLOBAL_GET).u32(g.scratch());
    tableWanted(out, table);
    out.u8(I64_CONST).s64(max).u8(WasmCodes.I64_GT_U).u8(WasmCodes.SELECT);
  }

  private void tableWanted(WasmWriter out, int table) {
    out.u8(WasmCodes.MISC_PREFIX).u32(WasmCodes.TABLE_SIZE).u32(table);
    wanted(out);
  }

  /** current size (i32 on the stack) + scratch, as an i64. */
  private void wanted(WasmWriter out) {
    out.u8(I64_EXTEND_I32_U).u8(GLOBAL_GET).u32(g.scratch()).u8(I64_EXTEND_I32_U).u8(I64_ADD);
  }

  private static void add(WasmWriter out, int global, long delta) {
    out.u8(GLOBAL_GET).u32(global).u8(I64_CONST).s64(delta).u8(I64_ADD).u8(GLOBAL_SET).u32(global);
  }

  private static void restore(WasmWriter out, int global, int local, long delta) {
    out.u8(WasmCodes.LOCAL_GET).u32(local);
    if (delta != 0) {
      out.u8(I64_CONST).s64(delta).u8(I64_ADD);
    }
    out.u8(GLOBAL_SET).u32(global);
  }

  /** if (condition) { abort = reason (unless 0); unreachable } */
  private void trapIf(WasmWriter out, int reason) {
    out.u8(WasmCodes.IF).u8(WasmCodes.EMPTY_BLOCK);
    if (reason != 0) {
      out.u8(WasmCodes.I32_CONST).s64(reason).u8(GLOBAL_SET).u32(g.abort());
    }
    out.u8(WasmCodes.UNREACHABLE).u8(WasmCodes.END);
  }
}
