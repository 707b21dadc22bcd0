package io.edgemarket.broker.trigger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A full read of the ledger's grants when a route key matches nothing, at most once per gap. The
 * table learns of a new grant from the ledger's event, which comes a moment after the commit: a
 * device that calls the route the instant `trigger route create` printed its key would otherwise be
 * refused. Bounded, so a stream of wrong keys costs the ledger one read per gap and no more.
 */
final class MissedKeyRead {
  private final Runnable read;
  private final long gapMillis;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);

  MissedKeyRead(Runnable read, long gapMillis) {
    this.read = read;
    this.gapMillis = gapMillis;
  }

  /** Reads when the last read is at least a gap ago (one caller wins); whether it read. */
  boolean tryRead(long nowMillis) {
    long allowed = nextAllowed.get();
    if (nowMillis < allowed || !nextAllowed.compareAndSet(allowed, nowMillis + gapMillis)) {
      return false;
    }
    read.run();
    return true;
  }
}
