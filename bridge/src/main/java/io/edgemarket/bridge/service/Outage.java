package io.edgemarket.bridge.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one thing the service depends on (the chain's node, the ledger) answers. A pass that
 * cannot reach it logs once, when the outage starts, and once when it ends, not on every poll.
 */
final class Outage {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeService.class);

  private final String what;
  private final AtomicLong count = new AtomicLong();
  private long since = -1;

  Outage(String what) {
    this.what = what;
  }

  /** Called for each failed attempt to reach it. */
  synchronized void down(Throwable why) {
    if (since < 0) {
      since = System.nanoTime();
      count.incrementAndGet();
      LOG.warn("bridge: {} is unreachable, retrying every poll: {}", what, why.toString());
    } else {
      LOG.debug("bridge: {} still unreachable: {}", what, why.toString());
    }
  }

  /** Called after a pass reached it. */
  synchronized void up() {
    if (since >= 0) {
      LOG.info(
          "bridge: {} answers again after {} s",
          what,
          Duration.ofNanos(System.nanoTime() - since).toSeconds());
      since = -1;
    }
  }

  synchronized boolean isDown() {
    return since >= 0;
  }

  /** Outages so far (each counted once, however many polls it lasted). */
  long count() {
    return count.get();
  }
}
