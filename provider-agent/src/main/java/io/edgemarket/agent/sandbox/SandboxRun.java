package io.edgemarket.agent.sandbox;

/**
 * One execution of one function: take or build an instance, run it, turn the outcome into a result,
 * then give the instance back for another execution if it can serve one.
 */
final class SandboxRun implements Watchdog.Watched {

  static final String CALL_STACK_EXHAUSTED = "call stack exhausted";

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
  private volatile boolean inline;
  private volatile boolean abandoned;
  private long deadlineNanos;
  // The last attempt's instance, if it may serve another execution once reset.
  private WarmInstance leftover;

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

  /**
   * Runs on a worker thread; the watchdog stops the function at the deadline (and keeps stopping it
   * every tick after).
   */
  Execution execute(Watchdog watchdog) {
    long start = System.nanoTime();
    if (warm != null) {
      warm.started(module); // recycle() says when it ended
    }
    synchronized (this) {
      worker = Thread.currentThread();
      deadlineNanos = start + limits.deadline().toNanos();
    }
    watchdog.watch(this);
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
      watchdog.forget(this);
      synchronized (this) {
        finished = true;
      }
      // A late interrupt can only have landed before `finished` was set; clear it so that it
      // does not hit the next function this pooled thread runs.
      Thread.interrupted();
    }
  }

  @Override
  public synchronized long deadlineNanos() {
    return deadlineNanos;
  }

  /**
   * After the caller has its result, on the worker: the execution counts as ended, and its instance
   * goes back to the warm pool (which resets it, or closes it if it cannot be reset).
   */
  void recycle() {
    WarmInstance instance = leftover;
    leftover = null;
    if (warm != null) {
      warm.finished(module, instance, limits);
    }
  }

  /** It runs on its caller's own thread: an interrupt of that thread is the caller giving up. */
  void runsInline() {
    inline = true;
  }

  /** Stopped because its caller, on whose thread it ran, was interrupted (a cancel). */
  boolean abandoned() {
    return abandoned;
  }

  /** Stops a run on its caller's thread for that caller (a cancel). */
  void abandon() {
    abandoned = true;
    expire();
  }

  /**
   * From the watchdog, every tick: a run on its caller's thread cannot wait for the caller's
   * interrupt the way a worker's caller does, so the watchdog notices it and stops the run.
   */
  @Override
  public void poll() {
    if (!inline || expired) {
      return;
    }
    Thread thread;
    synchronized (this) {
      thread = finished ? null : worker;
    }
    if (thread != null && thread.isInterrupted()) {
      abandon();
    }
  }

  /** Whether the watchdog or the caller stopped it (its thread was then interrupted). */
  boolean expired() {
    return expired;
  }

  /** Stops the function: from the watchdog at the deadline, or when the caller gives up. */
  @Override
  public synchronized void expire() {
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
    String error = null;
    boolean reusable = false;
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
      reusable = true;
    } catch (RuntimeException e) {
      error = Verdict.of(e, expired, instance == null ? null : instance.meter(), limits);
      // A trap, a tripped guard or an exit leave nothing that a reset does not undo.
      reusable = !expired;
    } catch (StackOverflowError e) {
      error = Verdict.of(e, expired, instance == null ? null : instance.meter(), limits);
    } finally {
      running(null);
      if (instance != null) {
        if (reusable && warm != null && leftover == null) {
          leftover = instance;
        } else {
          instance.close();
        }
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
