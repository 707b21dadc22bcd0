package io.edgemarket.agent.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.sandbox.WarmCapacity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How many containers a key keeps follows its demand: the pool's own logic, without an engine (the
 * containers are placeholders; {@code ContainerPoolTest} runs the real ones).
 */
class ContainerPoolTargetTest {
  private static final long IDLE = 60_000;
  private static final int CEILING = 3;
  private static final PoolKey KEY = new PoolKey("sha256:image", 64L << 20, 500);
  private static final PoolKey OTHER = new PoolKey("sha256:image", 128L << 20, 500);

  private final ContainerPool pool = new ContainerPool(CEILING, IDLE);
  private int made;

  private Pooled container(PoolKey key) {
    made++;
    return new Pooled("c" + made, "t" + made, key, null, null);
  }

  /** What the housekeeping thread does after an invocation: top the key up to its target. */
  private void replenish(PoolKey key, long now) {
    while (pool.shortfall(key, now) > 0) {
      assertTrue(pool.add(container(key), now));
    }
  }

  private void sequentialCall(PoolKey key, long now) {
    pool.started(key, now);
    pool.take(key);
    pool.ended(key, now + 10);
    replenish(key, now + 10);
  }

  @Test
  void aKeyNobodyCalledKeepsNothing() {
    assertEquals(0, pool.shortfall(KEY, 0));
    assertFalse(pool.add(container(KEY), 0), "not in use: the caller removes it");
    assertNull(pool.take(KEY));
  }

  @Test
  void oneCallerAtATimeKeepsOne() {
    for (long t = 0; t < 10_000; t += 100) {
      sequentialCall(KEY, t);
      assertEquals(1, pool.warm(KEY.imageId()));
    }
    assertEquals(1, pool.target(KEY, 10_000));
    assertFalse(pool.add(container(KEY), 10_000), "beyond the target");
  }

  @Test
  void aBurstRaisesTheTargetUpToTheCeilingAndItDecaysAfterward() {
    sequentialCall(KEY, 0);
    for (int i = 0; i < 5; i++) {
      pool.started(KEY, 1_000);
      pool.take(KEY);
    }
    for (int i = 0; i < 5; i++) {
      pool.ended(KEY, 1_500);
    }
    assertEquals(CEILING, pool.target(KEY, 1_500), "5 at once, but at most the ceiling");
    replenish(KEY, 1_500);
    assertEquals(CEILING, pool.warm(KEY.imageId()));
    assertEquals(new WarmCapacity(1, CEILING, CEILING), pool.capacity(1_500));

    // A call while the burst is recent takes one and the pool is topped up to the burst's size.
    assertEquals(List.of(), pool.evict(2_000, IDLE), "the burst is recent");
    sequentialCall(KEY, 20_000);
    assertEquals(CEILING, pool.warm(KEY.imageId()));

    // Once the burst is out of the window (half the idle timeout), the target is the single
    // call's again, and the housekeeping thread removes what is beyond it.
    assertEquals(1, pool.target(KEY, 40_000));
    List<Pooled> trimmed = pool.evict(40_000, IDLE);
    assertEquals(CEILING - 1, trimmed.size());
    assertEquals(1, pool.warm(KEY.imageId()));
    assertTrue(pool.inUse(KEY), "used 20 s ago: not idle");
  }

  @Test
  void anIdleKeyScalesToZeroAndComesBackWhenCalled() {
    sequentialCall(KEY, 0);
    sequentialCall(OTHER, 30_000);
    assertEquals(2, pool.warm(KEY.imageId()));

    List<Pooled> evicted = pool.evict(IDLE + 10, IDLE);

    assertEquals(1, evicted.size());
    assertSame(KEY, evicted.get(0).key());
    assertFalse(pool.inUse(KEY));
    assertEquals(0, pool.shortfall(KEY, IDLE + 10));
    assertTrue(pool.inUse(OTHER), "used 30 s ago");
    assertEquals(new WarmCapacity(1, 1, 1), pool.capacity(IDLE + 10));

    pool.started(KEY, IDLE + 20);
    assertNull(pool.take(KEY), "cold");
    assertEquals(1, pool.shortfall(KEY, IDLE + 20));
  }

  @Test
  void aLongInvocationKeepsItsKeyInUse() {
    pool.started(KEY, 0);
    pool.ended(KEY, 10);
    pool.started(KEY, 20);
    assertEquals(List.of(), pool.evict(10 * IDLE, IDLE), "still running");
    assertTrue(pool.inUse(KEY));
    pool.ended(KEY, 10 * IDLE);
    assertEquals(List.of(), pool.evict(10 * IDLE + 1, IDLE));
    pool.evict(11 * IDLE, IDLE);
    assertFalse(pool.inUse(KEY));
  }

  @Test
  void closingDrainsEveryKey() {
    sequentialCall(KEY, 0);
    sequentialCall(OTHER, 0);
    assertEquals(2, pool.drain().size());
    assertEquals(WarmCapacity.NONE, pool.capacity(0));
  }
}
