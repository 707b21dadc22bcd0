package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One execution of one function: instantiate, run {@code _start}, turn the outcome into a result.
 */
final class SandboxRun {

  static final String CALL_STACK_EXHAUSTED = "call stack exhausted";

  // Fixed so that a function sees the same world on every run: time stands still at the epoch and
  // random_get yields the same stream.
  private static final Clock FROZEN_CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
  private static final long RANDOM_SEED = 0x5EED_ED6EL;
  private static final String PROGRAM_NAME = "function";
  private static final int MAX_CAUSES = 16;

  private final LoadedModule module;
  private final byte[] input;
  private final Limits limits;
  private final int maxCallDepth;
  private final Meter meter;
  private Thread worker;
  private boolean finished;

  SandboxRun(LoadedModule module, byte[] input, Limits limits, int maxCallDepth) {
    this.module = module;
    this.input = input;
    this.limits = limits;
    this.maxCallDepth = maxCallDepth;
    this.meter = new Meter(limits);
  }

  /** Runs on a worker thread; the watchdog stops the function at the deadline. */
  Execution execute(ScheduledExecutorService watchdog) {
    synchronized (this) {
      worker = Thread.currentThread();
    }
    ScheduledFuture<?> alarm;
    try {
      alarm = watchdog.schedule(this::expire, limits.deadline().toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      throw new CancellationException("sandbox closed");
    }
    try {
      return run();
    } finally {
      alarm.cancel(false);
      synchronized (this) {
        finished = true;
      }
      // A late interrupt can only have landed before `finished` was set; clear it so that it
      // does not hit the next function this pooled thread runs.
      Thread.interrupted();
    }
  }

  /** Stops the function: from the watchdog at the deadline, or when the caller gives up. */
  synchronized void expire() {
    meter.expire();
    if (!finished && worker != null) {
      worker.interrupt();
    }
  }

  private Execution run() {
    CappedOutputStream stdout = new CappedOutputStream(limits);
    long start = System.nanoTime();
    String error;
    try (WasiPreview1 wasi = wasi(stdout)) {
      Instance instance =
          Instance.builder(module.wasmForRun())
              .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
              .withMemoryFactory(meter::createMemory)
              .withMachineFactory(this::machine)
              .withUnsafeExecutionListener(meter)
              // Chicory would otherwise call _start itself inside build(); calling it below keeps
              // instantiation and the run apart.
              .withStart(false)
              .build();
      instance.export(AbiCheck.START_EXPORT).apply();
      error = null;
    } catch (RuntimeException | StackOverflowError e) {
      error = describe(e);
    }
    Usage usage = new Usage(meter.fuel(), meter.peakMemoryBytes(), System.nanoTime() - start);
    byte[] output = stdout.toByteArray();
    return error == null ? Execution.ok(output, usage) : Execution.failed(error, output, usage);
  }

  private BoundedCallStackMachine machine(Instance instance) {
    meter.attach(instance);
    return new BoundedCallStackMachine(instance, maxCallDepth);
  }

  private WasiPreview1 wasi(OutputStream stdout) {
    WasiOptions options =
        WasiOptions.builder()
            .withStdin(new ByteArrayInputStream(input))
            .withStdout(stdout)
            .withStderr(OutputStream.nullOutputStream())
            .withArguments(List.of(PROGRAM_NAME))
            .withClock(FROZEN_CLOCK)
            .withRandom(new Random(RANDOM_SEED))
            .build();
    return WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).withOptions(options).build();
  }

  /** The error text for a failed run, or null when the function merely called proc_exit(0). */
  private String describe(Throwable failure) {
    if (meter.expired()) {
      // Whatever surfaced (our abort, Chicory's interrupt, a host call's complaint) was caused by
      // the deadline.
      return FunctionAbort.deadline(limits).getMessage();
    }
    FunctionAbort abort = find(failure, FunctionAbort.class);
    if (abort != null) {
      return abort.getMessage();
    }
    WasiExitException exit = find(failure, WasiExitException.class);
    if (exit != null) {
      return exit.exitCode() == 0 ? null : "exit code " + exit.exitCode();
    }
    if (find(failure, StackOverflowError.class) != null) {
      return CALL_STACK_EXHAUSTED;
    }
    if (find(failure, ChicoryInterruptedException.class) != null) {
      // Not the deadline, so the sandbox is shutting down: no verdict on the function.
      throw new CancellationException("execution interrupted by sandbox shutdown");
    }
    if (failure instanceof ChicoryException) {
      return CALL_STACK_EXHAUSTED.equals(failure.getMessage())
          ? CALL_STACK_EXHAUSTED
          : "trap: " + trapText(failure.getMessage());
    }
    // Not expected from Chicory; still the function's doing, as nothing else runs here.
    return "runtime error: " + failure;
  }

  private static String trapText(String message) {
    if (message == null) {
      return "unknown";
    }
    String text = message.strip();
    // "Trapped on unreachable instruction" -> "unreachable"
    if (text.startsWith("Trapped on ")) {
      text = text.substring("Trapped on ".length());
    }
    if (text.endsWith(" instruction")) {
      text = text.substring(0, text.length() - " instruction".length());
    }
    // "out of bounds memory access: attempted to access address: ..." -> the stable part
    int detail = text.indexOf(':');
    return detail > 0 ? text.substring(0, detail) : text;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    // Bounded walk: a cause chain may loop.
    Throwable t = failure;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
