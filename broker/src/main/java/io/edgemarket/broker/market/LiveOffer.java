package io.edgemarket.broker.market;

import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An offer from the ledger together with its live state. The offer itself is replaced when the
 * ledger changes; the load survives, because it belongs to the agent behind the offer.
 */
public final class LiveOffer {
  private final Offer offer;
  private final Load load;
  private final ProviderStats stats;

  LiveOffer(Offer offer, Load load, ProviderStats stats) {
    this.offer = offer;
    this.load = load;
    this.stats = stats;
  }

  public Offer offer() {
    return offer;
  }

  Load load() {
    return load;
  }

  public ProviderStats stats() {
    return stats;
  }

  /**
   * Invocations running now: the agent's report or the broker's own count, whichever is more. The
   * report is up to a heartbeat old: the broker's own dispatches that ended since it are taken off
   * it, or an agent would look busy for seconds with a call that is over (and lose work to a
   * farther one, as the latency test once showed).
   */
  public int active() {
    Heartbeat beat = heartbeat();
    int reported = beat == null ? 0 : beat.activeInvocations() - load.endedSinceBeat.get();
    return Math.max(load.inFlight.get(), reported);
  }

  public int maxConcurrency() {
    Heartbeat beat = heartbeat();
    return beat == null || beat.maxConcurrency() <= 0
        ? offer.maxConcurrency()
        : beat.maxConcurrency();
  }

  public boolean draining() {
    Heartbeat beat = heartbeat();
    return beat != null && beat.draining();
  }

  /** When the broker last heard this offer's owner report on it (0: never). */
  public long lastSeen() {
    Seen seen = load.seen;
    return seen != null && owned(seen.heartbeat()) ? seen.at() : 0;
  }

  /** Counts a dispatch in flight until {@link #end()}. */
  public void begin() {
    load.inFlight.incrementAndGet();
    load.changed.run();
  }

  public void end() {
    load.inFlight.decrementAndGet();
    load.endedSinceBeat.incrementAndGet();
    load.changed.run();
  }

  public OfferLoad loadView() {
    Heartbeat beat = heartbeat();
    return new OfferLoad(
        active(),
        maxConcurrency(),
        beat == null ? offer.cpuMillis() : beat.cpuFreeMillis(),
        beat == null ? offer.memoryMb() : beat.memoryFreeMb(),
        draining(),
        lastSeen());
  }

  private Heartbeat heartbeat() {
    Seen seen = load.seen;
    return seen != null && owned(seen.heartbeat()) ? seen.heartbeat() : null;
  }

  // A heartbeat may arrive before its offer is in the book, when the broker cannot yet check who
  // owns the offer; it only counts once the ledger confirms the sender owns the offer.
  private boolean owned(Heartbeat beat) {
    return offer.providerId() != null && offer.providerId().equals(beat.providerId());
  }

  /** A heartbeat and when it arrived. */
  record Seen(Heartbeat heartbeat, long at) {}

  /**
   * The mutable, agent-reported part, shared by successive versions of one offer. {@code changed}
   * is told after every change, so the book's placement index moves the offer at once rather than
   * every match re-reading every load.
   */
  static final class Load {
    final AtomicInteger inFlight = new AtomicInteger();

    /** The broker's own dispatches that ended since the last heartbeat. */
    final AtomicInteger endedSinceBeat = new AtomicInteger();

    volatile Seen seen;
    volatile Runnable changed = () -> {};
  }
}
