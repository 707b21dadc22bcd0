package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.OpCode;
import io.edgemarket.agent.sandbox.InstructionDecoder.Decoded;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * An upper bound on how many operand values one activation of a function can hold at once.
 *
 * <p>The sandbox charges each call its frame's weight (locals plus this bound) against a stack
 * budget, so that deep recursion fails at the same point whether the operands live on the
 * interpreter's heap stack or on the Java stack of compiled code. Only an upper bound is needed:
 * unknown instructions count as pushing one value and popping none, pops are never over-counted,
 * and heights are reset exactly at block boundaries, so the bound stays close for real code.
 */
final class StackBound {

  private record Frame(long base, long params, long results) {}

  private StackBound() {}

  static long maxOperands(List<Decoded> code, ModuleShape module) {
    Deque<Frame> frames = new ArrayDeque<>();
    frames.push(new Frame(0, 0, 0));
    long height = 0;
    long max = 0;
    for (Decoded d : code) {
      Frame top = frames.peek();
      switch (d.op()) {
        case BLOCK, LOOP, TRY_TABLE, IF -> {
          long cond = d.op() == OpCode.IF ? 1 : 0;
          long params = module.blockParams(d.blockType());
          long base = Math.max(top.base(), height - cond - params);
          frames.push(new Frame(base, params, module.blockResults(d.blockType())));
          height = base + params;
        }
        case ELSE -> height = top.base() + top.params();
        case END -> {
          Frame closed = frames.size() > 1 ? frames.pop() : top;
          height = closed.base() + closed.results();
        }
        case BR,
            BR_TABLE,
            RETURN,
            UNREACHABLE,
            THROW,
            THROW_REF,
            RETURN_CALL,
            RETURN_CALL_INDIRECT,
            RETURN_CALL_REF ->
            height = top.base(); // what follows is unreachable until the next else or end
        case BR_IF, BR_ON_NON_NULL -> height--;
        case BR_ON_NULL -> {}
        case CALL -> height = call(height, 0, module.functionType((int) d.index()));
        case CALL_INDIRECT, CALL_REF -> height = call(height, 1, module.type((int) d.index()));
        default -> height = Math.max(top.base(), height - pops(d.op())) + pushes(d.op());
      }
      height = Math.max(height, frames.peek().base());
      max = Math.max(max, height);
    }
    return max;
  }

  private static long call(long height, int extra, FunctionType type) {
    return height - extra - type.params().size() + type.returns().size();
  }

  /** A lower bound on the values an ordinary (not control, not call) instruction pops. */
  static int pops(OpCode op) {
    int code = op.opcode();
    if (code <= 0xff) {
      return switch (code) {
        case 0x01, 0x20, 0x23, 0x3f, 0x41, 0x42, 0x43, 0x44, 0xd0, 0xd2 -> 0;
        case 0x1b, 0x1c -> 3;
        case 0x26 -> 2;
        default -> binary(code) || (code >= 0x36 && code <= 0x3e) ? 2 : 1;
      };
    }
    int prefix = code >> 8;
    int sub = code & 0xff;
    if (prefix == 0xfc) {
      return switch (sub) {
        case 0x08, 0x0a, 0x0b, 0x0c, 0x0e, 0x11 -> 3;
        case 0x0f -> 2;
        case 0x09, 0x0d, 0x10 -> 0;
        default -> 1;
      };
    }
    // SIMD and atomics: every one pops at least one value, except v128.const and atomic.fence.
    return (prefix == 0xfd && sub == 0x0c) || (prefix == 0xfe && sub == 0x03) ? 0 : 1;
  }

  /** An upper bound on the values an ordinary instruction pushes. */
  static int pushes(OpCode op) {
    int code = op.opcode();
    if (code <= 0xff) {
      return switch (code) {
        case 0x01, 0x1a, 0x21, 0x24, 0x26 -> 0;
        default -> code >= 0x36 && code <= 0x3e ? 0 : 1;
      };
    }
    if (code >> 8 == 0xfc) {
      int sub = code & 0xff;
      return sub <= 0x07 || sub == 0x0f || sub == 0x10 ? 1 : 0;
    }
    return 1;
  }

  private static boolean binary(int code) {
    return (code >= 0x46 && code <= 0x4f)
        || (code >= 0x51 && code <= 0x66)
        || (code >= 0x6a && code <= 0x78)
        || (code >= 0x7c && code <= 0x8a)
        || (code >= 0x92 && code <= 0x98)
        || (code >= 0xa0 && code <= 0xa6)
        || code == 0xd3;
  }
}
