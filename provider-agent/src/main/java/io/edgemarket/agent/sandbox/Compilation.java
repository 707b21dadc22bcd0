package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A module's compiled code: compiled at most once, off the invocation path, by whichever sandbox
 * first finds the module hot. Until it is ready, and for good if compiling fails, the module runs
 * in the interpreter; both run the same instrumented code, so the switch changes no result.
 */
final class Compilation {

  enum State {
    INTERPRETED,
    QUEUED,
    COMPILED,
    FAILED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.INTERPRETED);
  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile Function<Instance, Machine> code;
  private volatile Throwable failure;

  /** A module that must stay interpreted, for {@code reason}. */
  static Compilation refused(String reason) {
    Compilation never = new Compilation();
    never.failure = new UnsupportedOperationException(reason);
    never.state.set(State.FAILED);
    never.settled.countDown();
    return never;
  }

  State state() {
    return state.get();
  }

  /** True for exactly one caller, which must then {@link #compile} or {@link #release}. */
  boolean claim() {
    return state.compareAndSet(State.INTERPRETED, State.QUEUED);
  }

  /** Gives a claim back unused (its compile task was refused), so that another may claim. */
  void release() {
    state.compareAndSet(State.QUEUED, State.INTERPRETED);
  }

  /** Compiles {@code module}; on a compiler thread. */
  void compile(WasmModule module) {
    try {
      Function<Instance, Machine> factory =
          MachineFactoryCompiler.builder(module)
              .withInterpreterFallback(InterpreterFallback.SILENT)
              .compile();
      // The checked factory insists on the very WasmModule it compiled; modules that grow tables
      // are instantiated from a fresh parse of the same bytes (see LoadedModule.wasmForRun).
      code = factory instanceof CompiledModule compiled ? compiled.machineFactory() : factory;
      state.set(State.COMPILED);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      // Too big or too deep for the JVM, or a compiler bug: the interpreter still runs it.
      failure = e;
    } finally {
      // Also after an OutOfMemoryError: never leave the module queued for good.
      state.compareAndSet(State.QUEUED, State.FAILED);
      settled.countDown();
    }
  }

  /** The compiled machine factory, or null while the module runs interpreted. */
  Function<Instance, Machine> code() {
    return code;
  }

  Throwable failure() {
    return failure;
  }

  /** Waits until compiling has succeeded or failed; false on timeout. */
  boolean await(Duration timeout) throws InterruptedException {
    return settled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
