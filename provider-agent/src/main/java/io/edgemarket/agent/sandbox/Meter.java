package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.MemoryLimits;

/**
 * The host's side of the meter that {@link FuelInstrumenter} builds into a module: sets the
 * instrumented globals before a run (fuel, call depth, stack units, memory cap) and reads them
 * afterwards, to bill the fuel used and to tell which guard, if any, stopped the function. Also the
 * instance's memory factory. One per instance, used by one thread at a time.
 */
final class Meter {

  /** Per table; Chicory keeps about 12 bytes per element. */
  static final long MAX_TABLE_ELEMENTS = 1L << 20;

  /**
   * Stack units (8 bytes each) that all frames of an execution may hold, locals and operands
   * counted by {@link StackBound}: 32 MiB on the interpreter's heap stacks or on the Java stack of
   * compiled code, which the 64 MiB worker stacks hold with room for the frames themselves.
   */
  static final long MAX_STACK_UNITS = 4L << 20;

  private final MeterGlobals globals;
  private volatile Long drainedLeft;
  private final int capPages;
  private final SandboxLimits builtFor;
  private int declaredMaxPages = MemoryLimits.MAX_PAGES;
  private ResettableMemory memory;
  private Instance instance;
  private long maxFuel;

  Meter(MeterGlobals globals, SandboxLimits limits) {
    this.globals = globals;
    this.capPages = limits.memoryPages();
    this.builtFor = limits;
  }

  int capPages() {
    return capPages;
  }

  /** Memory factory: the module's own limits with the maximum lowered to the cap. */
  ResettableMemory createMemory(MemoryLimits declared) {
    if (declared.initialPages() > capPages) {
      throw FunctionAbort.memory(builtFor);
    }
    declaredMaxPages = declared.maximumPages();
    memory =
        new ResettableMemory(
            new MemoryLimits(
                declared.initialPages(),
                Math.min(declared.maximumPages(), capPages),
                declared.shared()));
    return memory;
  }

  /** Fills the instance's guard globals for a run under {@code limits}; before any code runs. */
  void arm(Instance armed, SandboxLimits limits, int maxCallDepth) {
    this.instance = armed;
    this.drainedLeft = null;
    this.maxFuel = limits.maxFuel().orElse(Long.MAX_VALUE);
    global(globals.fuel()).setValue(maxFuel);
    global(globals.depth()).setValue(maxCallDepth);
    global(globals.stack()).setValue(MAX_STACK_UNITS);
    // Sizes in (cap, declared maximum] are the sandbox's refusal; beyond the maximum, memory.grow
    // fails with -1 as the spec says, since the function could know that limit.
    global(globals.memoryFloor()).setValue(capPages + 1L);
    global(globals.memorySpan()).setValue(Math.max(0L, (long) declaredMaxPages - capPages));
    global(globals.abort()).setValue(0);
  }

  /**
   * Empties the fuel global, from another thread, so that the function stops at its next segment:
   * Chicory's interpreter looks at interrupts only at calls and {@code br}, so a loop closed by
   * {@code br_if} or {@code br_table} went on past its deadline (GeneratedModulesTest found one
   * growing a table by 70 elements at a time for minutes). What was left is kept for the bill.
   */
  synchronized void drain() {
    if (instance == null) {
      return;
    }
    GlobalInstance fuel = global(globals.fuel());
    long left = fuel.getValue();
    if (drainedLeft == null) {
      drainedLeft = Math.max(0, left);
    }
    // Again at every watchdog tick while it has fuel: the function's own read-modify-write of the
    // global can overwrite an emptying that landed in between.
    if (left >= 0) {
      fuel.setValue(Long.MIN_VALUE / 2);
    }
  }

  /** Fuel used so far: what the module charged, never more than the cap. */
  long fuel() {
    if (instance == null) {
      return 0;
    }
    Long drained = drainedLeft;
    long left = drained != null ? drained : global(globals.fuel()).getValue();
    return left < 0 ? maxFuel : maxFuel - left;
  }

  /** The error when a guard stopped the function, else null. */
  String verdict(SandboxLimits limits) {
    if (instance == null) {
      return null;
    }
    int abort = (int) global(globals.abort()).getValue();
    if (abort == Guards.ABORT_MEMORY) {
      return FunctionAbort.memory(limits).getMessage();
    }
    if (abort == Guards.ABORT_TABLE) {
      return FunctionAbort.tables().getMessage();
    }
    if (global(globals.fuel()).getValue() < 0) {
      return FunctionAbort.fuel(maxFuel).getMessage();
    }
    return stackExhausted() ? SandboxRun.CALL_STACK_EXHAUSTED : null;
  }

  /** Whether the instrumented depth or stack budget ran out (as opposed to the Java stack). */
  boolean stackExhausted() {
    return instance != null
        && (global(globals.depth()).getValue() < 0 || global(globals.stack()).getValue() < 0);
  }

  /** The instance's memory; null until the instance is built. */
  ResettableMemory memory() {
    return memory;
  }

  long peakMemoryBytes() {
    // Linear memory never shrinks, so its final size is its peak.
    return memory == null ? 0 : (long) memory.pages() * SandboxLimits.PAGE_BYTES;
  }

  long memoryBytes() {
    return peakMemoryBytes();
  }

  private GlobalInstance global(int index) {
    return instance.global(index);
  }
}
