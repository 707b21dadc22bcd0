package io.edgemarket.agent.link;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between reconnection attempts: doubling from {@code first} up to {@code max}, each wait
 * drawn at random from its upper half ("equal jitter"), so that the agents of a restarted broker do
 * not all knock at the same instant. Not thread-safe: the link's timer thread owns it.
 */
final class Backoff {
  private final long firstMillis;
  private final long maxMillis;
  private long ceiling;

  Backoff(long firstMillis, long maxMillis) {
    this.firstMillis = firstMillis;
    this.maxMillis = maxMillis;
    this.ceiling = firstMillis;
  }

  /** The next wait, in milliseconds; the one after may be up to twice as long. */
  long next() {
    long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    ceiling = Math.min(maxMillis, ceiling * 2);
    return wait;
  }

  /** After a link that worked: start again from the shortest wait. */
  void reset() {
    ceiling = firstMillis;
  }
}
