package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Deque;

/**
 * Chicory's interpreter with a bounded call stack: at most {@code maxDepth} nested calls, holding
 * at most {@link #MAX_LOCAL_SLOTS} locals in all.
 *
 * <p>The interpreter recurses on the Java stack, so unbounded recursion would end in a
 * StackOverflowError at a depth that depends on JIT state; a fixed depth makes it fail at the same
 * instruction, and so with the same fuel, on every run. The worker stack must be deep enough for
 * the depth cap to be reached first. Locals live on the Java heap, up to 50,000 per frame, so a few
 * thousand frames of a function declaring many locals could exhaust the heap: hence the slot cap.
 */
final class BoundedCallStackMachine extends InterpreterMachine {

  /** 32 MiB of 8-byte local slots. */
  static final long MAX_LOCAL_SLOTS = 4L << 20;

  private final Instance instance;
  private final int maxDepth;
  private final int[] slotsByFunction;
  private int depth;
  private long slots;

  BoundedCallStackMachine(Instance instance, int maxDepth) {
    super(instance);
    this.instance = instance;
    this.maxDepth = maxDepth;
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
    if (depth >= maxDepth || slots + frameSlots > MAX_LOCAL_SLOTS) {
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
