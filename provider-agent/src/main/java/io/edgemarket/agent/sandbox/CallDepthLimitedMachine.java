package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.StackFrame;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Deque;

/**
 * Chicory's interpreter with a fixed cap on nested calls. The interpreter recurses on the Java
 * stack, so without a cap runaway recursion ends in a StackOverflowError at a depth that depends on
 * JIT state; a fixed cap makes it fail at the same instruction, and so with the same fuel, on every
 * run. The worker stack must be deep enough for the cap to be reached first.
 */
final class CallDepthLimitedMachine extends InterpreterMachine {

  private final int maxDepth;
  private int depth;

  CallDepthLimitedMachine(Instance instance, int maxDepth) {
    super(instance);
    this.maxDepth = maxDepth;
  }

  @Override
  protected long[] call(
      MStack stack,
      Instance instance,
      Deque<StackFrame> callStack,
      int funcId,
      long[] args,
      FunctionType callType,
      boolean popResults) {
    if (depth >= maxDepth) {
      throw FunctionAbort.callStack();
    }
    depth++;
    try {
      return super.call(stack, instance, callStack, funcId, args, callType, popResults);
    } finally {
      depth--;
    }
  }
}
