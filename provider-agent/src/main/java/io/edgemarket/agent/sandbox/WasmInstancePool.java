package io.edgemarket.agent.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Ready instances of hot modules, so that an execution finds its instance (memory allocated and
 * initialised, WASI and imports linked) ready. An instance comes back after its run, put back as
 * built ({@link WarmInstance#reset}: only the memory chunks the run wrote are restored), and serves
 * the next execution; one that cannot be put back is closed, and the pool is refilled on a
 * background thread when it runs dry. Bounded in instances per module, in modules, and in the
 * linear memory all pooled instances hold. Thread-safe.
 */
final class WasmInstancePool implements AutoCloseable {

  static final int MAX_MODULES = 32;
  static final long MEMORY_BUDGET_BYTES = 64L << 20;

  private final int perModule;
  private final int maxCallDepth;
  private final Executor builder;
  private final Map<LoadedModule, Deque<WarmInstance>> ready = new LinkedHashMap<>(16, 0.75f, true);
  private final Set<LoadedModule> building = new HashSet<>();
  private long pooledBytes;
  private boolean closed;

  WasmInstancePool(int perModule, int maxCallDepth, Executor builder) {
    this.perModule = perModule;
    this.maxCallDepth = maxCallDepth;
    this.builder = builder;
  }

  /**
   * A ready instance for an execution of {@code module} under {@code limits}, or null. Instances
   * left over from before the module was compiled are dropped rather than run interpreted.
   */
  WarmInstance take(LoadedModule module, SandboxLimits limits) {
    boolean compiled = module.isCompiled();
    synchronized (this) {
      Deque<WarmInstance> queue = ready.get(module);
      while (queue != null && !queue.isEmpty()) {
        // Most recently returned first: its memory is likeliest to be in the cache.
        WarmInstance next = queue.pollLast();
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
   * Takes back an instance after its run under {@code limits}: put back as built and kept for the
   * next execution if it can be and there is room, else closed. On the thread that ran it.
   */
  void giveBack(WarmInstance instance, SandboxLimits limits) {
    LoadedModule module = instance.module();
    boolean keep;
    try {
      keep =
          perModule > 0
              && instance.fits(limits)
              && instance.compiled() == module.isCompiled()
              && instance.reset();
    } catch (RuntimeException e) {
      keep = false; // not expected; such an instance is not run again
    }
    if (keep) {
      synchronized (this) {
        Deque<WarmInstance> queue = ready.computeIfAbsent(module, m -> new ArrayDeque<>());
        if (!closed && queue.size() < perModule && pooledBytes < MEMORY_BUDGET_BYTES) {
          queue.add(instance);
          pooledBytes += instance.meter().memoryBytes();
          evictBeyondCapacity();
          return;
        }
      }
    }
    instance.close();
  }

  /** Builds {@code module}'s instances for {@code limits} in the background if it has none. */
  void refill(LoadedModule module, SandboxLimits limits) {
    synchronized (this) {
      Deque<WarmInstance> queue = ready.get(module);
      if (closed
          || perModule == 0
          || building.contains(module)
          || (queue != null && !queue.isEmpty())
          || pooledBytes >= MEMORY_BUDGET_BYTES) {
        return;
      }
      building.add(module);
    }
    try {
      builder.execute(() -> build(module, limits));
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        building.remove(module);
      }
    }
  }

  private void build(LoadedModule module, SandboxLimits limits) {
    try {
      while (true) {
        // Checked before building, not only after: a full pool must not cost one more instance.
        if (!roomFor(module)) {
          return;
        }
        WarmInstance instance;
        try {
          instance = WarmInstance.create(module, limits, maxCallDepth, true);
        } catch (RuntimeException | StackOverflowError e) {
          return; // e.g. initial memory above the cap: every execution will say so itself
        }
        synchronized (this) {
          if (!roomFor(module)) {
            instance.close();
            return;
          }
          ready.computeIfAbsent(module, m -> new ArrayDeque<>()).add(instance);
          pooledBytes += instance.meter().memoryBytes();
          evictBeyondCapacity();
        }
      }
    } finally {
      synchronized (this) {
        building.remove(module);
      }
    }
  }

  private synchronized boolean roomFor(LoadedModule module) {
    Deque<WarmInstance> queue = ready.get(module);
    return !closed
        && (queue == null || queue.size() < perModule)
        && pooledBytes < MEMORY_BUDGET_BYTES;
  }

  private void evictBeyondCapacity() {
    Iterator<Deque<WarmInstance>> oldestFirst = ready.values().iterator();
    while (ready.size() > MAX_MODULES) {
      for (WarmInstance instance : oldestFirst.next()) {
        pooledBytes -= instance.meter().memoryBytes();
        instance.close();
      }
      oldestFirst.remove();
    }
  }

  synchronized int size(LoadedModule module) {
    Deque<WarmInstance> queue = ready.get(module);
    return queue == null ? 0 : queue.size();
  }

  @Override
  public synchronized void close() {
    closed = true;
    for (Deque<WarmInstance> queue : ready.values()) {
      queue.forEach(WarmInstance::close);
    }
    ready.clear();
    pooledBytes = 0;
  }
}
