package io.edgemarket.broker.market;

import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The broker's view of the market: the ledger's offers plus live state. Matching reads an immutable
 * array snapshot (no locks on the invocation path); the snapshot is rebuilt when the ledger's
 * offers change, which happens at most a few times a second.
 */
public final class OfferBook {
  /** An offer whose agent has not sent a heartbeat for this long takes no work. */
  public static final long HEARTBEAT_TTL_MILLIS = 10_000;

  private static final int MAX_LOADS = 100_000;

  private final LongSupplier clock;
  private final Map<String, LiveOffer.Load> loads = new ConcurrentHashMap<>();
  private final Map<String, ProviderStats> providers = new ConcurrentHashMap<>();
  private volatile LiveOffer[] snapshot = new LiveOffer[0];
  private volatile Map<String, LiveOffer> byId = Map.of();

  public OfferBook(LongSupplier clock) {
    this.clock = clock;
  }

  /** Replaces the book's offers with the ledger's current list, keeping live state. */
  public synchronized void replaceAll(List<Offer> offers) {
    LiveOffer[] next = new LiveOffer[offers.size()];
    for (int i = 0; i < next.length; i++) {
      next[i] = live(offers.get(i));
    }
    install(next);
  }

  /** Adds or replaces one offer (a ledger event seen before the next poll). */
  public synchronized void upsert(Offer offer) {
    LiveOffer[] current = snapshot;
    for (int i = 0; i < current.length; i++) {
      if (current[i].offer().offerId().equals(offer.offerId())) {
        LiveOffer[] next = current.clone();
        next[i] = live(offer);
        install(next);
        return;
      }
    }
    LiveOffer[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = live(offer);
    install(next);
  }

  /** Records an agent's heartbeat; it may arrive before the offer reaches the book. */
  public void heartbeat(Heartbeat beat) {
    if (loads.size() >= MAX_LOADS && !loads.containsKey(beat.offerId())) {
      return; // bounded: heartbeats naming offers the ledger never had cannot grow the map
    }
    LiveOffer.Load load = loads.computeIfAbsent(beat.offerId(), id -> new LiveOffer.Load());
    load.seen = new LiveOffer.Seen(beat, clock.getAsLong());
  }

  /**
   * The offer's agent lost its link: forget when it was last heard from, so that the offer takes no
   * work until its agent reports again (over HTTP, or on a new link).
   */
  public void unlinked(String offerId) {
    LiveOffer.Load load = loads.get(offerId);
    if (load != null) {
      load.seen = null;
    }
  }

  /** The owner of an offer, or null when the book does not know it. */
  public String ownerOf(String offerId) {
    LiveOffer live = byId.get(offerId);
    return live == null ? null : live.offer().providerId();
  }

  public LiveOffer[] snapshot() {
    return snapshot;
  }

  public ProviderStats stats(String providerId) {
    return providers.computeIfAbsent(providerId, ProviderStats::new);
  }

  /** True when the offer is live on the ledger and its agent is alive and accepting work. */
  public boolean serving(LiveOffer live, long now) {
    return live.offer().isLiveAt(now)
        && live.lastSeen() > 0
        && now - live.lastSeen() <= HEARTBEAT_TTL_MILLIS
        && !live.draining();
  }

  public int servingOffers() {
    long now = clock.getAsLong();
    int count = 0;
    for (LiveOffer live : snapshot) {
      if (serving(live, now)) {
        count++;
      }
    }
    return count;
  }

  /** Providers with at least one serving offer. */
  public int servingProviders() {
    long now = clock.getAsLong();
    Set<String> ids = new HashSet<>();
    for (LiveOffer live : snapshot) {
      if (serving(live, now)) {
        ids.add(live.offer().providerId());
      }
    }
    return ids.size();
  }

  /** Serving offers per provider, for the status page. */
  public Map<String, Integer> offersByProvider() {
    long now = clock.getAsLong();
    Map<String, Integer> counts = new HashMap<>();
    for (LiveOffer live : snapshot) {
      if (serving(live, now)) {
        counts.merge(live.offer().providerId(), 1, Integer::sum);
      }
    }
    return counts;
  }

  public long now() {
    return clock.getAsLong();
  }

  private void install(LiveOffer[] offers) {
    Map<String, LiveOffer> index = new HashMap<>(offers.length * 2);
    for (LiveOffer live : offers) {
      index.put(live.offer().offerId(), live);
    }
    byId = index;
    snapshot = offers;
  }

  private LiveOffer live(Offer offer) {
    return new LiveOffer(
        offer,
        loads.computeIfAbsent(offer.offerId(), id -> new LiveOffer.Load()),
        stats(offer.providerId()));
  }
}
