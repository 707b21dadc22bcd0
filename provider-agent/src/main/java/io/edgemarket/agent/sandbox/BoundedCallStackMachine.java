package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Deque;

/**
 * Chicory's interpreter with a bounded call stack: a backstop behind the instrumented guards.
 *
 * <p>The instrumented module counts call depth and stack units itself (see {@link Guards}), the
 * same way in the interpreter and in compiled code, and normally stops a runaway recursion first.
 * This machine only makes sure that, whatever the instrumentation got wrong, the interpreter's heap
 * stacks (locals in frames, operands in one growable array) and its recursion on the worker's Java
 * stack stay bounded: hence its limits are a little above the instrumented ones.
 */
final class BoundedCallStackMachine extends InterpreterMachine {

  /** 32 MiB of 8-byte local slots. */
  static final long MAX_LOCAL_SLOTS = 4L << 20;

  /** 32 MiB of 8-byte operand stack slots, across all frames. */
  static final int MAX_OPERAND_SLOTS = 4 << 20;

  /** Frames beyond the instrumented depth: host functions and the call into the module. */
  static final int DEPTH_SLACK = 16;

  private final Instance instance;
  private final int maxDepth;
  private final int[] slotsByFunction;
  private int depth;
  private long slots;

  BoundedCallStackMachine(Instance instance, int maxCallDepth) {
    super(instance);
    this.instance = instance;
    this.maxDepth = maxCallDepth + DEPTH_SLACK;
    this.slotsByFunction = new int[instance.functionCount()];
  }

  @Override
  protected long[] call(
      MStack stack,
      Instance callee,
      Deque<StackFrame> callStack,
      int funcId,
      long[] args,
      FunctionType callType,
      boolean popResults) {
    int frameSlots = (args == null ? 0 : args.length) + localsOf(callee, funcId);
    if (depth >= maxDepth
        || slots + frameSlots > MAX_LOCAL_SLOTS
        || stack.size() > MAX_OPERAND_SLOTS) {
      throw FunctionAbort.callStack();
    }
    depth++;
    slots += frameSlots;
    try {
      return super.call(stack, callee, callStack, funcId, args, callType, popResults);
    } finally {
      depth--;
      slots -= frameSlots;
    }
  }

  private int localsOf(Instance callee, int funcId) {
    // Only one instance runs per machine in the sandbox; anything else is not worth a cache.
    boolean cacheable = callee == instance && funcId >= 0 && funcId < slotsByFunction.length;
    if (cacheable && slotsByFunction[funcId] != 0) {
      return slotsByFunction[funcId] - 1;
    }
    FunctionBody body = callee.function(funcId);
    int locals = body == null ? 0 : body.localTypes().size(); // null: an imported function
    if (cacheable) {
      slotsByFunction[funcId] = locals + 1;
    }
    return locals;
  }
}
