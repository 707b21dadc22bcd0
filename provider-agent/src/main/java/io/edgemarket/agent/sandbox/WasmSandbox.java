package io.edgemarket.agent.sandbox;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs functions (WASI preview1 command modules) with Chicory, isolated from the host and from each
 * other, under {@link SandboxLimits}. Modules run in the interpreter until they are hot, then
 * compiled (see {@link Tiering}); metering is the same in both. Executions run on a fixed pool of
 * worker threads; callers block until their execution ends, so the queue never holds more
 * executions than there are callers. A caller whose own stack is a worker's ({@link
 * #callerThreads}, the agent's link runners) runs its execution itself, with no hand-off. Compiling
 * and keeping instances ready (and letting idle modules' instances go) happen on two background
 * threads, and one more watches deadlines. Thread-safe. Closing it stops all of them, interrupting
 * running executions.
 */
public final class WasmSandbox implements AutoCloseable {

  /** Nested Wasm calls allowed; deeper recursion is the function error "call stack exhausted". */
  public static final int DEFAULT_MAX_CALL_DEPTH = 10_000;

  /** Worker stack: room for {@link #DEFAULT_MAX_CALL_DEPTH} interpreter frames with margin. */
  public static final long DEFAULT_WORKER_STACK_BYTES = 64L << 20;

  private static final AtomicInteger SANDBOXES = new AtomicInteger();

  /** Executions running on their callers' own threads, by thread: what a cancel must reach. */
  private static final java.util.Map<Thread, SandboxRun> ON_CALLERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Set on threads whose stack is a worker's: they run executions themselves. */
  private static final ThreadLocal<Boolean> RUNS_HERE = ThreadLocal.withInitial(() -> false);

  private final WasmModuleCache modules;
  private final int maxCallDepth;
  private final Tiering tiering;
  private final ExecutorService workers;
  private final Watchdog watchdog;
  private final HotModules hot;
  private final boolean callersMayRun;
  private volatile boolean closed;

  /** A sandbox with {@code workers} threads and the default call depth and worker stack. */
  public WasmSandbox(WasmModuleCache modules, int workers) {
    this(modules, workers, DEFAULT_MAX_CALL_DEPTH, DEFAULT_WORKER_STACK_BYTES);
  }

  public WasmSandbox(
      WasmModuleCache modules, int workers, int maxCallDepth, long workerStackBytes) {
    this(modules, workers, maxCallDepth, workerStackBytes, Tiering.defaults());
  }

  /** A sandbox with {@code workers} threads, the default call depth and worker stack. */
  public WasmSandbox(WasmModuleCache modules, int workers, Tiering tiering) {
    this(modules, workers, DEFAULT_MAX_CALL_DEPTH, DEFAULT_WORKER_STACK_BYTES, tiering);
  }

  public WasmSandbox(
      WasmModuleCache modules,
      int workers,
      int maxCallDepth,
      long workerStackBytes,
      Tiering tiering) {
    if (workers < 1 || maxCallDepth < 1 || workerStackBytes < 1) {
      throw new IllegalArgumentException("workers, call depth and stack size must be positive");
    }
    this.modules = Objects.requireNonNull(modules, "modules");
    this.maxCallDepth = maxCallDepth;
    this.tiering = Objects.requireNonNull(tiering, "tiering");
    this.callersMayRun = workerStackBytes <= DEFAULT_WORKER_STACK_BYTES;
    int id = SANDBOXES.incrementAndGet();
    String prefix = "wasm-sandbox-" + id;
    this.workers =
        new ThreadPoolExecutor(
            workers,
            workers,
            0,
            TimeUnit.MILLISECONDS,
            // A plain queue: workers that spun waiting for work took the cores that callers and
            // running functions needed (BENCHMARKS.md, "Wasm warm start (issue 11)").
            new LinkedBlockingQueue<>(),
            threads(prefix + "-worker-", workerStackBytes));
    this.watchdog = new Watchdog(threads(prefix + "-watch", 0));
    this.hot =
        new HotModules(
            tiering,
            maxCallDepth,
            threads(prefix + "-compiler", workerStackBytes),
            threads(prefix + "-warmer", 0));
  }

  public WasmModuleCache modules() {
    return modules;
  }

  public Tiering tiering() {
    return tiering;
  }

  /**
   * Runs a cached module.
   *
   * @throws IllegalArgumentException if no module with that digest is cached
   */
  public Execution run(String moduleDigest, byte[] input, SandboxLimits limits)
      throws InterruptedException {
    LoadedModule module =
        modules
            .find(moduleDigest)
            .orElseThrow(() -> new IllegalArgumentException("unknown module " + moduleDigest));
    return run(module, input, limits);
  }

  /**
   * Runs {@code module}'s {@code _start} with {@code input} as stdin and blocks until it ends. A
   * misbehaving function never throws: it yields an execution with status FUNCTION_ERROR.
   *
   * @throws InterruptedException if the caller is interrupted while waiting; the execution is then
   *     stopped
   * @throws IllegalStateException if the sandbox is closed
   */
  public Execution run(LoadedModule module, byte[] input, SandboxLimits limits)
      throws InterruptedException {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(limits, "limits");
    SandboxRun run =
        new SandboxRun(
            module, input.clone(), limits, maxCallDepth, hot.starting(module), hot.compiles());
    Handoff handoff = new Handoff(run, watchdog);
    if (callersMayRun && RUNS_HERE.get()) {
      if (closed) {
        throw new IllegalStateException("sandbox is closed");
      }
      Thread self = Thread.currentThread();
      ON_CALLERS.put(self, run);
      try {
        return handoff.runHere();
      } finally {
        ON_CALLERS.remove(self, run);
      }
    }
    try {
      workers.execute(handoff);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("sandbox is closed", e);
    }
    return handoff.await();
  }

  /** Worker threads ever started; callers that run executions themselves start none. */
  int workersEverStarted() {
    return ((ThreadPoolExecutor) workers).getLargestPoolSize();
  }

  /** Instances of {@code module} ready for an execution. */
  int warmInstances(LoadedModule module) {
    return hot.warmInstances(module);
  }

  /** How many instances {@code module}'s recent demand asks for; 0 when it is not kept warm. */
  int warmTarget(LoadedModule module) {
    return hot.warmTarget(module);
  }

  /** Linear memory held by ready instances. */
  long warmBytes() {
    return hot.warmBytes();
  }

  /** Ready instances and what demand asks for, over all hot modules (see {@link Tiering}). */
  public WarmCapacity warmCapacity() {
    return hot.warmCapacity();
  }

  /**
   * Stops the sandbox. Running executions are interrupted and queued ones dropped; their callers
   * get an IllegalStateException.
   */
  @Override
  public void close() {
    closed = true;
    for (Runnable queued : workers.shutdownNow()) {
      // Otherwise the callers waiting on never-started executions would wait forever.
      if (queued instanceof Handoff handoff) {
        handoff.cancel();
      }
    }
    watchdog.close();
    hot.close();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Threads that run executions themselves instead of handing them to a worker and waiting (the
   * agent's link runners): each gets a worker's stack ({@link #DEFAULT_WORKER_STACK_BYTES},
   * reserved address space, committed only as used), so a function's call depth is bounded there as
   * on a worker. A sandbox built with a larger worker stack still hands their executions over.
   */
  public static ThreadFactory callerThreads(String name) {
    return task -> {
      Thread t =
          new Thread(
              null,
              () -> {
                RUNS_HERE.set(true);
                task.run();
              },
              name,
              DEFAULT_WORKER_STACK_BYTES);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Stops the execution running on {@code thread} itself, if any (a cancel, issue 12): it ends as
   * an interrupted wait for a worker would, with an InterruptedException to that thread.
   */
  public static void stopRunOn(Thread thread) {
    SandboxRun run = ON_CALLERS.get(thread);
    if (run != null) {
      run.abandon();
    }
  }

  /**
   * Lets the calling thread run executions itself, as {@link #callerThreads} threads do. Only for a
   * thread started with a stack of at least {@link #DEFAULT_WORKER_STACK_BYTES} (a benchmark's
   * threads under {@code -Xss64m}); a smaller one would overflow before the call-depth bound.
   */
  public static void runOnThisThread() {
    RUNS_HERE.set(true);
  }

  private static ThreadFactory threads(String prefix, long stackBytes) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      String name = stackBytes == 0 ? prefix : prefix + count.incrementAndGet();
      Thread t = new Thread(null, task, name, stackBytes);
      t.setDaemon(true);
      return t;
    };
  }
}
