package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.OpCode;

/**
 * Sees every instruction the interpreter executes, before it executes: counts fuel, enforces the
 * fuel cap and the deadline, and stops growth of memory, tables and the operand stack beyond what
 * the sandbox allows, before Chicory allocates it on the shared Java heap. One per execution, used
 * by the worker thread only (except {@link #expire}).
 */
final class Meter implements ExecutionListener {

  /** Per table; Chicory keeps about 12 bytes per element. */
  static final long MAX_TABLE_ELEMENTS = 1L << 20;

  /** 32 MiB of 8-byte operand stack slots, across all frames. */
  static final int MAX_OPERAND_SLOTS = 4 << 20;

  private final Limits limits;
  private final long maxFuel;
  private final int capPages;
  private long fuel;
  private volatile boolean expired;
  private Memory memory;
  private Instance instance;
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
    if (stack.size() > MAX_OPERAND_SLOTS) {
      throw FunctionAbort.callStack();
    }
    OpCode op = instruction.opcode();
    if (op == OpCode.MEMORY_GROW) {
      checkGrow(Integer.toUnsignedLong((int) stack.peek()));
    } else if (op == OpCode.TABLE_GROW) {
      checkTableGrow((int) instruction.operand(0), Integer.toUnsignedLong((int) stack.peek()));
    }
  }

  /** The instance being metered; set before any of its code runs. */
  void attach(Instance metered) {
    this.instance = metered;
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

  private void checkTableGrow(int index, long deltaElements) {
    TableInstance table = instance.table(index);
    long wanted = table.size() + deltaElements;
    // As for memory: past the module's own maximum, table.grow just yields -1.
    if (wanted > MAX_TABLE_ELEMENTS && wanted <= table.limits().max()) {
      throw FunctionAbort.tables();
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
