package io.edgemarket.agent.sandbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * One sandbox's side of {@link Tiering}: counts each module's runs, compiles a module once it is
 * hot, and keeps instances of hot modules ready, each on its own background thread so that neither
 * delays an execution. A compile serves every sandbox sharing the module cache.
 */
final class HotModules implements AutoCloseable {

  private final Tiering tiering;
  private final ExecutorService compiler;
  private final ExecutorService warmer;
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
    this.warmer = Executors.newSingleThreadExecutor(warmers);
    this.warm = new WasmInstancePool(tiering.warmInstances(), maxCallDepth, warmer);
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
