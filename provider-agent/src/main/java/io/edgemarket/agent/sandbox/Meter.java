package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Sees every instruction the interpreter executes, before it executes: counts fuel, enforces the
 * fuel cap and the deadline, and turns a memory.grow past the sandbox's cap into a function error.
 * One per execution, used by the worker thread only (except {@link #expire}).
 */
final class Meter implements ExecutionListener {

  private final Limits limits;
  private final long maxFuel;
  private final int capPages;
  private long fuel;
  private volatile boolean expired;
  private Memory memory;
  private int declaredMaxPages;

  Meter(Limits limits) {
    this.limits = limits;
    this.maxFuel = limits.maxFuel().orElse(Long.MAX_VALUE);
    this.capPages = limits.memoryPages();
  }

  @Override
  public void onExecution(Instruction instruction, MStack stack) {
    if (fuel >= maxFuel) {
      throw FunctionAbort.fuel(maxFuel);
    }
    fuel++;
    // Chicory also checks the interrupt flag, but only at calls and branches; this catches every
    // path, including one that swallowed the interrupt in a host call.
    if (expired) {
      throw FunctionAbort.deadline(limits);
    }
    if (instruction.opcode() == OpCode.MEMORY_GROW) {
      checkGrow(Integer.toUnsignedLong((int) stack.peek()));
    }
  }

  /**
   * Memory factory for the instance: the module's own limits, with the maximum lowered to the cap.
   */
  Memory createMemory(MemoryLimits declared) {
    if (declared.initialPages() > capPages) {
      throw FunctionAbort.memory(limits);
    }
    declaredMaxPages = declared.maximumPages();
    memory =
        new ByteArrayMemory(
            new MemoryLimits(
                declared.initialPages(),
                Math.min(declared.maximumPages(), capPages),
                declared.shared()));
    return memory;
  }

  private void checkGrow(long deltaPages) {
    long wanted = memory.pages() + deltaPages;
    // Beyond the module's own declared maximum, grow fails with -1 as the spec says; only the
    // sandbox's cap is an error, since the function cannot know it.
    if (wanted > capPages && wanted <= declaredMaxPages) {
      throw FunctionAbort.memory(limits);
    }
  }

  /** Called by the watchdog thread at the deadline. */
  void expire() {
    expired = true;
  }

  boolean expired() {
    return expired;
  }

  long fuel() {
    return fuel;
  }

  long peakMemoryBytes() {
    // Linear memory never shrinks, so its final size is its peak.
    return memory == null ? 0 : (long) memory.pages() * Limits.PAGE_BYTES;
  }
}
