package io.edgemarket.agent.container;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Containers created and started ahead of use, by {@link PoolKey}; each is taken once. Only keys
 * used within the idle timeout are kept warm, so a function nobody calls costs nothing after a
 * while (scale to zero). Thread-safe; creating and removing containers is the caller's job.
 */
final class ContainerPool {
  private final int target;
  private final Map<PoolKey, ArrayDeque<Pooled>> idle = new HashMap<>();
  private final Map<PoolKey, Long> lastUsed = new HashMap<>();

  ContainerPool(int target) {
    this.target = target;
  }

  /** A warm container for {@code key}, or null; either way {@code key} counts as used now. */
  synchronized Pooled take(PoolKey key, long nowMillis) {
    lastUsed.put(key, nowMillis);
    ArrayDeque<Pooled> ready = idle.get(key);
    return ready == null ? null : ready.poll();
  }

  /** Marks {@code key} used now, when an invocation ends: idleness counts from then. */
  synchronized void touch(PoolKey key, long nowMillis) {
    lastUsed.computeIfPresent(key, (k, before) -> Math.max(before, nowMillis));
  }

  /** Whether {@code key} was used within the idle timeout. */
  synchronized boolean inUse(PoolKey key) {
    return lastUsed.containsKey(key);
  }

  /** How many containers {@code key} lacks; none for a key that is not in use. */
  synchronized int shortfall(PoolKey key) {
    if (!lastUsed.containsKey(key)) {
      return 0;
    }
    ArrayDeque<Pooled> ready = idle.get(key);
    return Math.max(0, target - (ready == null ? 0 : ready.size()));
  }

  /** Keeps a fresh container; false when its key went idle meanwhile (the caller removes it). */
  synchronized boolean add(Pooled container) {
    if (!lastUsed.containsKey(container.key())) {
      return false;
    }
    idle.computeIfAbsent(container.key(), k -> new ArrayDeque<>()).add(container);
    return true;
  }

  /** Forgets keys unused since {@code cutoffMillis}; returns their containers, to be removed. */
  synchronized List<Pooled> evictUnusedSince(long cutoffMillis) {
    List<Pooled> evicted = new ArrayList<>();
    lastUsed
        .entrySet()
        .removeIf(
            used -> {
              if (used.getValue() > cutoffMillis) {
                return false;
              }
              ArrayDeque<Pooled> ready = idle.remove(used.getKey());
              if (ready != null) {
                evicted.addAll(ready);
              }
              return true;
            });
    return evicted;
  }

  /** Everything, for closing. */
  synchronized List<Pooled> drain() {
    List<Pooled> all = new ArrayList<>();
    idle.values().forEach(all::addAll);
    idle.clear();
    lastUsed.clear();
    return all;
  }

  /** Warm containers of one image, all sizes. */
  synchronized int warm(String imageId) {
    return idle.entrySet().stream()
        .filter(e -> e.getKey().imageId().equals(imageId))
        .mapToInt(e -> e.getValue().size())
        .sum();
  }
}
