package io.edgemarket.agent.sandbox;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Ready instances of hot modules, so that an execution finds its instance (memory allocated and
 * initialised, WASI and imports linked) ready. An instance comes back after its run, put back as
 * built ({@link WarmInstance#reset}: only the memory chunks the run wrote are restored), and serves
 * the next execution; one that cannot be put back is closed, and the pool is refilled on a
 * background thread when it runs short. How many a module keeps follows its demand ({@link
 * WarmDemand}), up to a ceiling per module; a module with no execution within the idle timeout
 * keeps none ({@link #evictIdle}). Also bounded in modules and in the linear memory all pooled
 * instances hold. Thread-safe.
 */
final class WasmInstancePool implements AutoCloseable {

  static final int MAX_MODULES = 32;
  static final long MEMORY_BUDGET_BYTES = 64L << 20;

  private final int ceiling;
  private final long idleNanos;
  private final long windowNanos;
  private final int maxCallDepth;
  private final Executor builder;
  // Least recently used first, for evicting beyond MAX_MODULES.
  private final Map<LoadedModule, WarmModule> modules = new LinkedHashMap<>(16, 0.75f, true);
  private long pooledBytes;
  private boolean closed;

  /**
   * @param ceiling the most instances kept ready per module; 0 keeps none
   * @param idleNanos how long a module may go without an execution before it keeps none; its demand
   *     counts over half of that
   */
  WasmInstancePool(int ceiling, long idleNanos, int maxCallDepth, Executor builder) {
    this.ceiling = ceiling;
    this.idleNanos = idleNanos;
    this.windowNanos = Math.max(WarmDemand.BUCKETS, idleNanos / 2);
    this.maxCallDepth = maxCallDepth;
    this.builder = builder;
  }

  /** An execution of {@code module} starts: counted as demand, and the module is kept warm. */
  synchronized void started(LoadedModule module) {
    if (closed || ceiling == 0) {
      return;
    }
    long now = System.nanoTime();
    WarmModule warm = modules.get(module);
    if (warm == null) {
      warm = new WarmModule(windowNanos, now);
      modules.put(module, warm);
      evictBeyondCapacity();
    }
    warm.demand.started(now);
  }

  /**
   * A ready instance for an execution of {@code module} under {@code limits}, or null. Instances
   * left over from before the module was compiled are dropped rather than run interpreted.
   */
  WarmInstance take(LoadedModule module, SandboxLimits limits) {
    boolean compiled = module.isCompiled();
    synchronized (this) {
      WarmModule warm = modules.get(module);
      while (warm != null && !warm.ready.isEmpty()) {
        // Most recently returned first: its memory is likeliest to be in the cache.
        WarmInstance next = warm.ready.pollLast();
        pooledBytes -= next.meter().memoryBytes();
        if (next.fits(limits) && next.compiled() == compiled) {
          return next;
        }
        next.close();
      }
    }
    return null;
  }

  /**
   * An execution of {@code module} under {@code limits} ended, on the thread that ran it. Its
   * instance, if it left one, is put back as built and kept for the next execution if it can be and
   * the module's target has room, else closed.
   */
  void finished(LoadedModule module, WarmInstance instance, SandboxLimits limits) {
    boolean reusable = false;
    boolean staleTier = false;
    if (instance != null) {
      staleTier = instance.compiled() != module.isCompiled();
      try {
        reusable = ceiling > 0 && instance.fits(limits) && !staleTier && instance.reset();
      } catch (RuntimeException e) {
        reusable = false; // not expected; such an instance is not run again
      }
    }
    synchronized (this) {
      long now = System.nanoTime();
      WarmModule warm = modules.get(module);
      if (warm != null) {
        warm.demand.ended(now);
        if (reusable
            && !closed
            && warm.ready.size() < warm.demand.target(now, ceiling)
            && pooledBytes < MEMORY_BUDGET_BYTES) {
          warm.ready.add(instance);
          pooledBytes += instance.meter().memoryBytes();
          return;
        }
      }
    }
    if (instance != null) {
      instance.close();
    }
    if (staleTier) {
      // Dropped only because the module was compiled during the run: build its replacement now
      // rather than on the next execution's path. (One that failed its reset is not replaced
      // ahead: that was the function's own doing, and the next execution builds its own.)
      refill(module, limits);
    }
  }

  /** Builds instances of {@code module} for {@code limits} in the background if it runs short. */
  void refill(LoadedModule module, SandboxLimits limits) {
    WarmModule warm;
    synchronized (this) {
      warm = modules.get(module);
      if (warm == null || warm.building || !roomFor(module, warm)) {
        return;
      }
      warm.building = true;
    }
    WarmModule target = warm;
    try {
      builder.execute(() -> build(module, target, limits));
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        target.building = false;
      }
    }
  }

  private void build(LoadedModule module, WarmModule warm, SandboxLimits limits) {
    try {
      while (true) {
        // Checked before building, not only after: a full pool must not cost one more instance.
        synchronized (this) {
          if (!roomFor(module, warm)) {
            return;
          }
        }
        WarmInstance instance;
        try {
          instance = WarmInstance.create(module, limits, maxCallDepth, true);
        } catch (RuntimeException | StackOverflowError e) {
          return; // e.g. initial memory above the cap: every execution will say so itself
        }
        synchronized (this) {
          if (!roomFor(module, warm)) {
            instance.close();
            return;
          }
          warm.ready.add(instance);
          pooledBytes += instance.meter().memoryBytes();
        }
      }
    } finally {
      synchronized (this) {
        warm.building = false;
      }
    }
  }

  /** Under the lock. */
  private boolean roomFor(LoadedModule module, WarmModule warm) {
    return !closed
        && !warm.retired
        && pooledBytes < MEMORY_BUDGET_BYTES
        && warm.wantsMore(module, System.nanoTime(), ceiling);
  }

  /**
   * Scale to zero, on the builder's thread every so often: closes every ready instance of modules
   * with no execution within the idle timeout and forgets them (an execution makes them hot again),
   * and closes those beyond their target of modules whose demand fell.
   */
  synchronized void evictIdle() {
    long now = System.nanoTime();
    Iterator<WarmModule> all = modules.values().iterator();
    while (all.hasNext()) {
      WarmModule warm = all.next();
      boolean idle = warm.demand.idle(now, idleNanos);
      int keep = idle ? 0 : warm.demand.target(now, ceiling);
      while (warm.ready.size() > keep) {
        close(warm.ready.pollFirst()); // the least recently returned
      }
      if (idle) {
        warm.retired = true;
        all.remove();
      }
    }
  }

  private void evictBeyondCapacity() {
    Iterator<WarmModule> oldestFirst = modules.values().iterator();
    while (modules.size() > MAX_MODULES) {
      WarmModule warm = oldestFirst.next();
      warm.ready.forEach(this::close);
      warm.ready.clear();
      warm.retired = true;
      oldestFirst.remove();
    }
  }

  private void close(WarmInstance instance) {
    pooledBytes -= instance.meter().memoryBytes();
    instance.close();
  }

  /** Instances of {@code module} ready now. */
  synchronized int size(LoadedModule module) {
    WarmModule warm = modules.get(module);
    return warm == null ? 0 : warm.ready.size();
  }

  /** How many {@code module}'s demand asks for; 0 when it is not kept warm. */
  synchronized int target(LoadedModule module) {
    WarmModule warm = modules.get(module);
    return warm == null ? 0 : warm.demand.target(System.nanoTime(), ceiling);
  }

  /** Linear memory held by ready instances. */
  synchronized long pooledBytes() {
    return pooledBytes;
  }

  synchronized WarmCapacity capacity() {
    long now = System.nanoTime();
    int ready = 0;
    int target = 0;
    for (WarmModule warm : modules.values()) {
      ready += warm.ready.size();
      target += warm.demand.target(now, ceiling);
    }
    return new WarmCapacity(modules.size(), ready, target);
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (WarmModule warm : modules.values()) {
      warm.ready.forEach(WarmInstance::close);
      warm.retired = true;
    }
    modules.clear();
    pooledBytes = 0;
  }
}
