package io.edgemarket.agent.sandbox;

import static io.edgemarket.agent.sandbox.WasmCodes.BLOCK;
import static io.edgemarket.agent.sandbox.WasmCodes.BR;
import static io.edgemarket.agent.sandbox.WasmCodes.I64;

import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.OpCode;
import io.edgemarket.agent.sandbox.InstructionDecoder.Decoded;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites one function body: the same locals and instructions, with the guards of {@link Guards}
 * inserted. The body is wrapped in a block so that every way out of the function (falling off the
 * end, {@code return}, a branch to the function's label) passes the stack accounting on the way
 * out; {@code return} becomes a branch to that block, which has the same effect.
 */
final class BodyRewriter {

  private final byte[] bytes;
  private final List<Decoded> code;
  private final Guards guards;
  private final WasmWriter out = new WasmWriter();

  private BodyRewriter(byte[] bytes, List<Decoded> code, Guards guards) {
    this.bytes = bytes;
    this.code = code;
    this.guards = guards;
  }

  /**
   * The new body (locals and code, without its size) of the function whose body occupies {@code
   * start..end} of {@code bytes}.
   */
  static byte[] rewrite(
      byte[] bytes,
      int start,
      int end,
      int functionIndex,
      FunctionBody parsed,
      byte[] wrapperBlockType,
      ModuleShape shape,
      MeterGlobals globals) {
    WasmReader in = new WasmReader(bytes, start, end);
    int groups = in.u32();
    int groupsStart = in.position();
    for (int i = 0; i < groups; i++) {
      in.u32();
      in.skipValueType();
    }
    int localsEnd = in.position();
    List<Decoded> code = new ArrayList<>();
    while (!in.atEnd()) {
      code.add(InstructionDecoder.next(in));
    }
    checkAgainst(parsed, code);
    shape.note(code);
    boolean catches = code.stream().anyMatch(d -> d.op() == OpCode.TRY_TABLE);
    var type = shape.functionType(functionIndex);
    int firstExtraLocal = type.params().size() + parsed.localTypes().size();
    long weight =
        Guards.FRAME_UNITS
            + ModuleShape.units(type.params())
            + ModuleShape.units(parsed.localTypes())
            + 2 * StackBound.maxOperands(code, shape);
    Guards guards = new Guards(globals, shape, weight, catches ? firstExtraLocal : -1);

    BodyRewriter rewriter = new BodyRewriter(bytes, code, guards);
    WasmWriter body = rewriter.out;
    if (catches) {
      // Two i64 locals keep this frame's stack accounting, to restore it after a catch.
      body.u32(groups + 1L).bytes(bytes, groupsStart, localsEnd).u32(2).u8(I64);
    } else {
      body.bytes(bytes, start, localsEnd);
    }
    rewriter.emit(wrapperBlockType);
    return body.toByteArray();
  }

  private void emit(byte[] wrapperBlockType) {
    guards.enter(out);
    out.u8(BLOCK).bytes(wrapperBlockType);
    long[] costs = segmentCosts();
    int depth = 0;
    int last = code.size() - 1;
    for (int i = 0; i <= last; i++) {
      Decoded d = code.get(i);
      if (costs[i] > 0) {
        guards.charge(out, costs[i]);
      }
      switch (d.op()) {
        case RETURN -> out.u8(BR).u32(depth);
        case RETURN_CALL, RETURN_CALL_INDIRECT, RETURN_CALL_REF -> {
          guards.leave(out);
          copy(d);
        }
        case MEMORY_GROW -> {
          guards.beforeMemoryGrow(out, bytes, d.start() + 1, d.end());
          copy(d);
        }
        case TABLE_GROW -> {
          guards.beforeTableGrow(out, (int) d.index());
          copy(d);
        }
        default -> copy(d);
      }
      switch (d.op()) {
        case BLOCK, LOOP, IF, TRY_TABLE -> depth++;
        case END -> depth--;
        default -> {}
      }
      // A catch lands after the end of a block or at the start of a loop, having unwound frames
      // that did not leave through their exits.
      if (i < last && (d.op() == OpCode.LOOP || d.op() == OpCode.END)) {
        guards.afterLanding(out);
      }
    }
    // The original final end closed the wrapper block.
    guards.leave(out);
    out.u8(WasmCodes.END);
  }

  private void copy(Decoded d) {
    out.bytes(bytes, d.start(), d.end());
  }

  /**
   * The fuel charged at each instruction that starts a straight-line segment: the cost of the
   * instructions up to and including the next control instruction ({@link Guards#cost}).
   */
  private long[] segmentCosts() {
    long[] costs = new long[code.size()];
    int segment = 0;
    for (int i = 0; i < code.size(); i++) {
      OpCode op = code.get(i).op();
      costs[segment] += Guards.cost(op);
      if (Guards.endsSegment(op)) {
        segment = i + 1;
      }
    }
    return costs;
  }

  /** Our decoding must agree with Chicory's instruction for instruction, or we refuse. */
  private static void checkAgainst(FunctionBody parsed, List<Decoded> code) {
    var theirs = parsed.instructions();
    if (theirs.size() != code.size()) {
      throw new IllegalArgumentException(
          "decoded " + code.size() + " instructions where Chicory has " + theirs.size());
    }
    int ourBase = code.isEmpty() ? 0 : code.get(0).start();
    int theirBase = theirs.isEmpty() ? 0 : theirs.get(0).address();
    for (int i = 0; i < code.size(); i++) {
      Decoded d = code.get(i);
      var t = theirs.get(i);
      if (d.op() != t.opcode() || d.start() - ourBase != t.address() - theirBase) {
        throw new IllegalArgumentException("instruction " + i + " decodes differently: " + d.op());
      }
    }
  }
}
