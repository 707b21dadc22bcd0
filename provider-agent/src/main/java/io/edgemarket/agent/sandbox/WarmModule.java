package io.edgemarket.agent.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One hot module's place in the {@link WasmInstancePool}: its ready instances, the demand for them,
 * and whether the builder is at work on it. Guarded by the pool's lock.
 */
final class WarmModule {

  final Deque<WarmInstance> ready = new ArrayDeque<>();
  final WarmDemand demand;
  boolean building;
  // Set when the pool lets the module go (idle, or beyond its capacity): a builder still at work
  // on it stops rather than filling a place nobody can find.
  boolean retired;

  WarmModule(long windowNanos, long nowNanos) {
    this.demand = new WarmDemand(windowNanos, nowNanos);
  }

  /**
   * Whether {@code module} needs one more instance built: what is ready, plus what running
   * executions will put back (none for a module whose instances cannot be reused), falls short of
   * the target.
   */
  boolean wantsMore(LoadedModule module, long nowNanos, int ceiling) {
    int returning = module.reusable() ? demand.running() : 0;
    return ready.size() + returning < demand.target(nowNanos, ceiling);
  }
}
