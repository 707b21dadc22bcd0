package io.edgemarket.agent.container;

import io.edgemarket.agent.sandbox.WarmCapacity;
import io.edgemarket.agent.sandbox.WarmDemand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Containers created and started ahead of use, by {@link PoolKey}; each is taken once. How many a
 * key keeps follows its demand ({@link WarmDemand}: the most of its invocations that ran at once
 * lately, at least 1), up to a ceiling. Only keys used within the idle timeout are kept warm, so a
 * function nobody calls costs nothing after a while (scale to zero). Thread-safe; creating and
 * removing containers is the caller's job. Times are epoch milliseconds, given by the caller.
 */
final class ContainerPool {
  private final int ceiling;
  private final long windowMillis;
  private final Map<PoolKey, Warm> keys = new HashMap<>();

  private static final class Warm {
    final ArrayDeque<Pooled> idle = new ArrayDeque<>();
    final WarmDemand demand;

    Warm(long windowMillis, long nowMillis) {
      demand = new WarmDemand(windowMillis, nowMillis);
    }
  }

  /**
   * @param ceiling the most containers kept per key
   * @param idleTimeoutMillis how long a key may go unused before it keeps none; its demand counts
   *     over half of that
   */
  ContainerPool(int ceiling, long idleTimeoutMillis) {
    this.ceiling = ceiling;
    this.windowMillis = Math.max(WarmDemand.BUCKETS, idleTimeoutMillis / 2);
  }

  /** An invocation of {@code key} starts: it counts as used, and as demand until {@link #ended}. */
  synchronized void started(PoolKey key, long nowMillis) {
    keys.computeIfAbsent(key, k -> new Warm(windowMillis, nowMillis)).demand.started(nowMillis);
  }

  /** A warm container for {@code key}, or null. */
  synchronized Pooled take(PoolKey key) {
    Warm warm = keys.get(key);
    return warm == null ? null : warm.idle.poll();
  }

  /** An invocation of {@code key} ended: idleness counts from then. */
  synchronized void ended(PoolKey key, long nowMillis) {
    Warm warm = keys.get(key);
    if (warm != null) {
      warm.demand.ended(nowMillis);
    }
  }

  /** Whether {@code key} was used within the idle timeout. */
  synchronized boolean inUse(PoolKey key) {
    return keys.containsKey(key);
  }

  /** How many containers {@code key} lacks for its target; none for a key that is not in use. */
  synchronized int shortfall(PoolKey key, long nowMillis) {
    Warm warm = keys.get(key);
    return warm == null ? 0 : Math.max(0, target(warm, nowMillis) - warm.idle.size());
  }

  /** How many containers {@code key}'s demand asks for now; 0 for a key not in use. */
  synchronized int target(PoolKey key, long nowMillis) {
    Warm warm = keys.get(key);
    return warm == null ? 0 : target(warm, nowMillis);
  }

  /**
   * Keeps a fresh container; false when its key went idle meanwhile or has its target already (the
   * caller removes it).
   */
  synchronized boolean add(Pooled container, long nowMillis) {
    Warm warm = keys.get(container.key());
    if (warm == null || warm.idle.size() >= target(warm, nowMillis)) {
      return false;
    }
    warm.idle.add(container);
    return true;
  }

  /**
   * Forgets keys with nothing running and unused for {@code idleTimeoutMillis}, and trims the
   * others to their target where their demand fell; returns the containers to remove.
   */
  synchronized List<Pooled> evict(long nowMillis, long idleTimeoutMillis) {
    List<Pooled> evicted = new ArrayList<>();
    Iterator<Warm> all = keys.values().iterator();
    while (all.hasNext()) {
      Warm warm = all.next();
      boolean idle = warm.demand.idle(nowMillis, idleTimeoutMillis);
      int keep = idle ? 0 : target(warm, nowMillis);
      while (warm.idle.size() > keep) {
        evicted.add(warm.idle.poll()); // the longest waiting
      }
      if (idle) {
        all.remove();
      }
    }
    return evicted;
  }

  /** Everything, for closing. */
  synchronized List<Pooled> drain() {
    List<Pooled> all = new ArrayList<>();
    keys.values().forEach(warm -> all.addAll(warm.idle));
    keys.clear();
    return all;
  }

  /** Warm containers of one image, all sizes. */
  synchronized int warm(String imageId) {
    return keys.entrySet().stream()
        .filter(e -> e.getKey().imageId().equals(imageId))
        .mapToInt(e -> e.getValue().idle.size())
        .sum();
  }

  /** Warm containers and targets over all keys in use. */
  synchronized WarmCapacity capacity(long nowMillis) {
    int ready = 0;
    int target = 0;
    for (Warm warm : keys.values()) {
      ready += warm.idle.size();
      target += target(warm, nowMillis);
    }
    return new WarmCapacity(keys.size(), ready, target);
  }

  private int target(Warm warm, long nowMillis) {
    return warm.demand.target(nowMillis, ceiling);
  }
}
