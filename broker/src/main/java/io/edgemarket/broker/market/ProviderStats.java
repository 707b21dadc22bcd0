package io.edgemarket.broker.market;

/**
 * What the broker has measured of one provider: exponentially weighted moving averages of its
 * link's round trips and of dispatch round trips, successes and faults, and whether it is suspect
 * after a recent fault. Writes are synchronized; reads are plain volatile reads because the matcher
 * makes them for every offer on every invocation.
 */
public final class ProviderStats {
  /** Weight of the newest sample: recent behaviour matters, one outlier does not dominate. */
  private static final double ALPHA = 0.2;

  private final String providerId;
  private volatile double latencyMillis = -1;
  private volatile double linkMillis = -1;
  private volatile long successes;
  private volatile long faults;
  private volatile long suspectUntil;
  private volatile long disputesLost;
  private volatile Runnable changed = () -> {};
  private final RefusalLog refusals = new RefusalLog();

  ProviderStats(String providerId) {
    this.providerId = providerId;
  }

  public String providerId() {
    return providerId;
  }

  /** Told after each change, outside the lock: the book re-files this provider's offers. */
  void onChange(Runnable listener) {
    changed = listener;
  }

  public void success(long roundTripNanos) {
    synchronized (this) {
      successes++;
      double sample = roundTripNanos / 1e6;
      latencyMillis = latencyMillis < 0 ? sample : ALPHA * sample + (1 - ALPHA) * latencyMillis;
    }
    changed.run();
  }

  /**
   * A round trip on the provider's link (a ping its agent answers at once): the network's latency,
   * which placement prefers to the dispatch round trip (that one includes the function's run).
   */
  public void linkRoundTrip(long roundTripNanos) {
    synchronized (this) {
      double sample = roundTripNanos / 1e6;
      linkMillis = linkMillis < 0 ? sample : ALPHA * sample + (1 - ALPHA) * linkMillis;
    }
    changed.run();
  }

  /** A provider fault: counts against reputation and makes the provider suspect for a while. */
  public void fault(long nowMillis, long suspectForMillis) {
    synchronized (this) {
      faults++;
      suspectUntil = Math.max(suspectUntil, nowMillis + suspectForMillis);
    }
    changed.run();
  }

  public boolean suspectAt(long nowMillis) {
    return nowMillis < suspectUntil;
  }

  /**
   * Measured latency in ms: the link's round trip when the provider has a link, else the dispatch
   * round trip; -1 before either was measured.
   */
  public double latencyMillis() {
    double link = linkMillis;
    return link >= 0 ? link : latencyMillis;
  }

  /** Success ratio with a Laplace prior, so a newcomer starts at 0.5 rather than 0 or 1. */
  public double reputation() {
    long ok = successes;
    return (ok + 1.0) / (ok + faults + 2.0);
  }

  /** Disputes about this provider's work that the ledger found it wrong in (its reputation). */
  public long disputesLost() {
    return disputesLost;
  }

  /** What the ledger says now; the broker reads it in the background and after its disputes. */
  public void disputesLost(long count) {
    long next = Math.max(0, count);
    if (next != disputesLost) {
      disputesLost = next;
      changed.run();
    }
  }

  /** What it did not do, and why (its own web view). */
  public RefusalLog refusals() {
    return refusals;
  }

  public long successes() {
    return successes;
  }

  public long faults() {
    return faults;
  }
}
