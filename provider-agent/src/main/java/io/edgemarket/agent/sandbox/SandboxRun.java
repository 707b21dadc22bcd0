package io.edgemarket.agent.sandbox;

import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One execution of one function: take or build an instance, run it, turn the outcome into a result.
 */
final class SandboxRun {

  static final String CALL_STACK_EXHAUSTED = "call stack exhausted";

  // After the deadline, the worker is interrupted again at this interval until the function
  // stops: a host call could swallow one interrupt (host calls also check the stop flag).
  private static final long REINTERRUPT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final LoadedModule module;
  private final byte[] input;
  private final SandboxLimits limits;
  private final int maxCallDepth;
  private final WasmInstancePool warm;
  private final boolean mayUseCompiled;
  private volatile boolean expired;
  private WarmInstance running;
  private Thread worker;
  private boolean finished;

  /**
   * @param warm where to take a ready instance and ask for more, or null for a module that is not
   *     hot
   * @param mayUseCompiled whether to run the module's compiled code once it is ready
   */
  SandboxRun(
      LoadedModule module,
      byte[] input,
      SandboxLimits limits,
      int maxCallDepth,
      WasmInstancePool warm,
      boolean mayUseCompiled) {
    this.module = module;
    this.input = input;
    this.limits = limits;
    this.maxCallDepth = maxCallDepth;
    this.warm = warm;
    this.mayUseCompiled = mayUseCompiled;
  }

  /** Runs on a worker thread; the watchdog stops the function at the deadline. */
  Execution execute(ScheduledExecutorService watchdog) {
    synchronized (this) {
      worker = Thread.currentThread();
    }
    ScheduledFuture<?> alarm;
    try {
      alarm =
          watchdog.scheduleAtFixedRate(
              this::expire, limits.deadline().toNanos(), REINTERRUPT_NANOS, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      throw new CancellationException("sandbox closed");
    }
    long start = System.nanoTime();
    try {
      Attempt first = attempt(mayUseCompiled);
      if (first.stackOverflowed()) {
        // The Java stack ran out before the instrumented stack budget, where compiled frames
        // were larger than budgeted. The interpreter's frames are on the heap: its verdict is
        // the deterministic one.
        return attempt(false).result(start);
      }
      return first.result(start);
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
    expired = true;
    if (running != null) {
      running.stop();
    }
    if (!finished && worker != null) {
      worker.interrupt();
    }
  }

  private synchronized void running(WarmInstance instance) {
    running = instance;
    if (expired && instance != null) {
      instance.stop();
    }
  }

  private record Attempt(
      String error,
      byte[] output,
      String logs,
      long fuel,
      long peakMemory,
      boolean stackOverflowed) {
    Execution result(long start) {
      SandboxUsage usage = new SandboxUsage(fuel, peakMemory, System.nanoTime() - start);
      Execution execution =
          error == null ? Execution.ok(output, usage) : Execution.failed(error, output, usage);
      return execution.withLogs(logs);
    }
  }

  private Attempt attempt(boolean useCompiled) {
    CappedOutputStream stdout = new CappedOutputStream(limits);
    FunctionLog stderr = new FunctionLog();
    WarmInstance instance = null;
    String error;
    try {
      if (warm != null && useCompiled) {
        instance = warm.take(module, limits);
        warm.refill(module, limits);
      }
      if (instance == null) {
        instance = WarmInstance.create(module, limits, maxCallDepth, useCompiled);
      }
      running(instance);
      instance.run(input, stdout, stderr, limits, maxCallDepth);
      error = null;
    } catch (RuntimeException | StackOverflowError e) {
      error = Verdict.of(e, expired, instance == null ? null : instance.meter(), limits);
    } finally {
      running(null);
      if (instance != null) {
        instance.close();
      }
    }
    Meter meter = instance == null ? null : instance.meter();
    boolean overflowed =
        CALL_STACK_EXHAUSTED.equals(error)
            && instance != null
            && instance.compiled()
            && !meter.stackExhausted()
            && !expired;
    return new Attempt(
        error,
        stdout.toByteArray(),
        stderr.text(),
        meter == null ? 0 : meter.fuel(),
        meter == null ? 0 : meter.peakMemoryBytes(),
        overflowed);
  }
}
