package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.MutabilityType;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * One instance of a module with its own linear memory, WASI and meter: built on demand, or ahead of
 * need by the {@link WasmInstancePool}. Building runs no guest code (the instrumenter removed the
 * start section), so a built instance carries nothing from any execution; {@link #reset} puts a
 * used one back to that state (memory, mutable globals, WASI's random stream, the streams) so that
 * it can serve another, or says that it cannot.
 */
final class WarmInstance implements AutoCloseable {

  // Fixed so that a function sees the same world on every run: time stands still at the epoch and
  // random_get yields the same stream.
  static final Clock FROZEN_CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
  static final long RANDOM_SEED = 0x5EED_ED6EL;
  static final String PROGRAM_NAME = "function";
  private static final long[] NO_ARGS = new long[0];

  private final LoadedModule module;
  private final RunStreams io;
  private final WasiPreview1 wasi;
  private final Random random;
  private final Meter meter;
  private final Instance instance;
  private final boolean compiled;
  private final MemoryImage image;
  // Mutable globals and their values as built: low and high halves (high is for v128).
  private final GlobalInstance[] mutable;
  private final long[] initialLow;
  private final long[] initialHigh;

  private WarmInstance(
      LoadedModule module, SandboxLimits limits, int maxCallDepth, boolean useCompiled) {
    this.module = module;
    this.io = new RunStreams();
    this.random = new Random(RANDOM_SEED);
    this.wasi = wasi(io, random);
    this.meter = new Meter(module.globals(), limits);
    Function<Instance, Machine> compiledCode = useCompiled ? module.compiledCode() : null;
    this.compiled = compiledCode != null;
    try {
      this.instance =
          Instance.builder(module.wasmForRun())
              .withImportValues(
                  ImportValues.builder()
                      .addFunction(HostCalls.wrap(wasi.toHostFunctions(), io))
                      .build())
              .withMemoryFactory(meter::createMemory)
              .withMachineFactory(
                  compiled ? compiledCode : i -> new BoundedCallStackMachine(i, maxCallDepth))
              .withStart(false)
              .build();
    } catch (RuntimeException | Error e) {
      wasi.close();
      throw e;
    }
    module.recordInstance();
    ResettableMemory memory = meter.memory();
    memory.settle();
    this.image = module.reusable() ? module.memoryImage(memory) : null;
    int globals = module.wasm().globalSection().globalCount();
    int count = 0;
    GlobalInstance[] found = new GlobalInstance[globals];
    for (int i = 0; i < globals; i++) {
      GlobalInstance g = instance.global(i);
      if (g.getMutabilityType() == MutabilityType.Var) {
        found[count++] = g;
      }
    }
    this.mutable = java.util.Arrays.copyOf(found, count);
    this.initialLow = new long[count];
    this.initialHigh = new long[count];
    for (int i = 0; i < count; i++) {
      initialLow[i] = mutable[i].getValueLow();
      initialHigh[i] = mutable[i].getValueHigh();
    }
  }

  /**
   * Builds an instance of {@code module} whose memory is capped for {@code limits}; compiled if
   * {@code useCompiled} and the module's compiled code is ready.
   *
   * @throws FunctionAbort if the module's initial memory exceeds the cap
   */
  static WarmInstance create(
      LoadedModule module, SandboxLimits limits, int maxCallDepth, boolean useCompiled) {
    return new WarmInstance(module, limits, maxCallDepth, useCompiled);
  }

  LoadedModule module() {
    return module;
  }

  boolean compiled() {
    return compiled;
  }

  Meter meter() {
    return meter;
  }

  /** Whether this instance may serve an execution under {@code limits}. */
  boolean fits(SandboxLimits limits) {
    return meter.capPages() == limits.memoryPages();
  }

  /** Makes the running (or next) execution stop at its next host call; from any thread. */
  void stop() {
    io.stop();
    meter.drain();
  }

  /** Runs the start function, if the module had one, then {@code _start}. */
  void run(
      byte[] input,
      OutputStream stdout,
      OutputStream stderr,
      SandboxLimits limits,
      int maxCallDepth) {
    io.bind(input, stdout, stderr);
    meter.arm(instance, limits, maxCallDepth);
    if (module.startFunction() >= 0) {
      instance.getMachine().call(module.startFunction(), NO_ARGS);
    }
    instance.export(AbiCheck.START_EXPORT).apply();
  }

  /**
   * After a run: puts the instance back as it was built, so that the next execution can see nothing
   * of this one. False, and the instance must be closed, when that cannot be done: the module is
   * not {@link LoadedModule#reusable}, the memory grew, the run was stopped or made a WASI call
   * that may leave state behind.
   */
  boolean reset() {
    boolean clean = io.unbind();
    if (!clean || image == null || !meter.memory().reset(image)) {
      return false;
    }
    for (int i = 0; i < mutable.length; i++) {
      mutable[i].setValueLow(initialLow[i]);
      mutable[i].setValueHigh(initialHigh[i]);
    }
    random.setSeed(RANDOM_SEED);
    return true;
  }

  @Override
  public void close() {
    wasi.close();
  }

  private static WasiPreview1 wasi(RunStreams io, Random random) {
    WasiOptions options =
        WasiOptions.builder()
            .withStdin(io.stdin)
            .withStdout(io.stdout)
            .withStderr(io.stderr)
            .withArguments(List.of(PROGRAM_NAME))
            .withClock(FROZEN_CLOCK)
            .withRandom(random)
            .build();
    return WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).withOptions(options).build();
  }
}
