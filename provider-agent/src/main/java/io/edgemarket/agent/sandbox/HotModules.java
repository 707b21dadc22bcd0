package io.edgemarket.agent.sandbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One sandbox's side of {@link Tiering}: counts each module's runs, compiles a module once it is
 * hot, and keeps instances of hot modules ready, each on its own background thread so that neither
 * delays an execution. The warmer thread also lets idle modules' instances go, every so often. A
 * compile serves every sandbox sharing the module cache.
 */
final class HotModules implements AutoCloseable {

  private final Tiering tiering;
  private final ExecutorService compiler;
  private final ScheduledExecutorService warmer;
  private final WasmInstancePool warm;

  private record CompileTask(LoadedModule module) implements Runnable {
    @Override
    public void run() {
      module.compilation().compile(module.wasm());
    }
  }

  /**
   * @param compilerThreads for the compiler thread: it recurses over nested blocks, so it needs a
   *     stack like the workers'
   */
  HotModules(
      Tiering tiering, int maxCallDepth, ThreadFactory compilerThreads, ThreadFactory warmers) {
    this.tiering = tiering;
    this.compiler = Executors.newSingleThreadExecutor(compilerThreads);
    this.warmer = Executors.newSingleThreadScheduledExecutor(warmers);
    long idleMillis = tiering.warmIdleTimeout().toMillis();
    this.warm =
        new WasmInstancePool(
            tiering.warmInstances(),
            TimeUnit.MILLISECONDS.toNanos(idleMillis),
            maxCallDepth,
            warmer);
    if (tiering.warmInstances() > 0) {
      // As often as the container sandbox looks for idle images: a quarter of the timeout, within
      // 50 ms and 5 s.
      long every = Math.max(50, Math.min(idleMillis / 4, 5_000));
      warmer.scheduleWithFixedDelay(this::evictIdle, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private void evictIdle() {
    try {
      warm.evictIdle();
    } catch (RuntimeException e) {
      // Not expected; a scheduled task that throws is never run again, so this one must not.
    }
  }

  boolean compiles() {
    return tiering.compiles();
  }

  /**
   * Counts an execution of {@code module} about to start; once it is hot, has it compiled (once)
   * and returns the pool to take its instance from, else null.
   */
  WasmInstancePool starting(LoadedModule module) {
    if (!tiering.isHot(module.recordRun())) {
      return null;
    }
    Compilation compilation = module.compilation();
    if (compilation.claim()) {
      try {
        compiler.execute(new CompileTask(module));
      } catch (RejectedExecutionException e) {
        compilation.release(); // closed: leave it to another sandbox sharing the cache
      }
    }
    return warm;
  }

  int warmInstances(LoadedModule module) {
    return warm.size(module);
  }

  int warmTarget(LoadedModule module) {
    return warm.target(module);
  }

  long warmBytes() {
    return warm.pooledBytes();
  }

  WarmCapacity warmCapacity() {
    return warm.capacity();
  }

  @Override
  public void close() {
    warmer.shutdownNow();
    warm.close();
    // A compile in progress runs to its end and still serves other sandboxes sharing the cache;
    // queued ones are given back for them to claim.
    for (Runnable queued : compiler.shutdownNow()) {
      if (queued instanceof CompileTask task) {
        task.module().compilation().release();
      }
    }
  }
}
