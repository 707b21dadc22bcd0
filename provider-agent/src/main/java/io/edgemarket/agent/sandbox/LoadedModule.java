package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A module that parsed, validated and passed the ABI check, instrumented for metering (see {@link
 * FuelInstrumenter}) and, once hot, compiled. Shareable: any number of executions, concurrent or
 * not, may instantiate it.
 */
public final class LoadedModule {

  private final String digest;
  private final int sizeBytes;
  private final WasmModule wasm;
  private final MeterGlobals globals;
  private final int startFunction;
  // Set only for modules that must not share one parsed WasmModule between runs; see wasmForRun.
  private final byte[] privateCopySource;
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong instances = new AtomicLong();
  private final Compilation compilation;
  private final boolean reusable;
  private volatile MemoryImage memoryImage;

  LoadedModule(String digest, int sizeBytes, FuelInstrumenter.Instrumented code, WasmModule wasm) {
    this.digest = Objects.requireNonNull(digest, "digest");
    this.sizeBytes = sizeBytes;
    this.wasm = Objects.requireNonNull(wasm, "wasm");
    this.globals = code.globals();
    this.startFunction = code.startFunction();
    this.privateCopySource = growsTables(wasm) ? code.bytes().clone() : null;
    this.reusable = privateCopySource == null && resettable(wasm);
    this.compilation =
        code.interpretOnly() == null
            ? new Compilation()
            : Compilation.refused(code.interpretOnly());
  }

  /** Lower-case hex SHA-256 of the module bytes; the module's identity across the marketplace. */
  public String digest() {
    return digest;
  }

  /** Size of the module as published (before instrumentation). */
  public int sizeBytes() {
    return sizeBytes;
  }

  /** How many executions of this module have started, in every sandbox that shares its cache. */
  public long runCount() {
    return runs.get();
  }

  /** Whether later executions run compiled code (they did in the interpreter until now). */
  public boolean isCompiled() {
    return compilation.state() == Compilation.State.COMPILED;
  }

  /** How many instances of this module have been built: fewer than runs when they are reused. */
  long instancesBuilt() {
    return instances.get();
  }

  void recordInstance() {
    instances.incrementAndGet();
  }

  long recordRun() {
    return runs.incrementAndGet();
  }

  Compilation compilation() {
    return compilation;
  }

  Function<Instance, Machine> compiledCode() {
    return compilation.code();
  }

  WasmModule wasm() {
    return wasm;
  }

  MeterGlobals globals() {
    return globals;
  }

  int startFunction() {
    return startFunction;
  }

  /**
   * The parsed module for one run. Chicory 1.6.1's table.grow writes the new size into the parsed
   * module's table limits, so an instance that grows a table would change the tables of every later
   * instance of the same WasmModule (and race with concurrent ones). Modules that can grow tables,
   * rare in practice, therefore get a freshly parsed copy per run.
   */
  WasmModule wasmForRun() {
    return privateCopySource == null ? wasm : Parser.parse(privateCopySource);
  }

  /**
   * Whether an instance of this module can be put back as built after a run and serve another (see
   * {@link WarmInstance#reset}): the sandbox restores memory and globals, so modules that change
   * what else an instance holds (tables, dropped segments, caught exceptions) or share their memory
   * get a fresh instance every time.
   */
  boolean reusable() {
    return reusable;
  }

  /** Memory as instantiation leaves it; taken from the first instance built (they all agree). */
  MemoryImage memoryImage(ResettableMemory fresh) {
    MemoryImage image = memoryImage;
    if (image == null) {
      image = MemoryImage.of(fresh);
      memoryImage = image;
    }
    return image;
  }

  private static boolean resettable(WasmModule module) {
    if (module.memorySection().isPresent()
        && module.memorySection().get().memoryCount() > 0
        && module.memorySection().get().getMemory(0).limits().shared()) {
      return false;
    }
    for (FunctionBody body : module.codeSection().functionBodies()) {
      for (AnnotatedInstruction instruction : body.instructions()) {
        switch (instruction.opcode()) {
          case TABLE_SET,
              TABLE_GROW,
              TABLE_FILL,
              TABLE_COPY,
              TABLE_INIT,
              ELEM_DROP,
              DATA_DROP,
              THROW,
              THROW_REF,
              TRY_TABLE -> {
            return false;
          }
          default -> {}
        }
      }
    }
    return true;
  }

  private static boolean growsTables(WasmModule module) {
    for (FunctionBody body : module.codeSection().functionBodies()) {
      for (AnnotatedInstruction instruction : body.instructions()) {
        if (instruction.opcode() == OpCode.TABLE_GROW) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "LoadedModule[" + digest + ", " + sizeBytes + " bytes]";
  }
}
