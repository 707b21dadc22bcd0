package io.edgemarket.broker.market;

import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The broker's view of the market: the ledger's offers plus live state. An immutable array snapshot
 * (rebuilt when the ledger's offers change, at most a few times a second) serves listings; matching
 * reads the {@link OfferIndex}, which every change of an offer, its load or its provider's stats
 * updates at once (no locks on the invocation path but one offer's while it is re-filed).
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
  private final OfferIndex index = new OfferIndex(this);
  // Guarded by this: the index's entry of each offer id in the snapshot (the first, were an id
  // listed twice; the ledger's offer ids are keys, so it never is).
  private Map<String, OfferIndex.Entry> entries = new HashMap<>();

  public OfferBook(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Replaces the book's offers with the ledger's current list, keeping live state. Offers the list
   * repeats unchanged keep their {@link LiveOffer} and their place in the index: a reconciliation
   * poll re-files only what changed.
   */
  public synchronized void replaceAll(List<Offer> offers) {
    LiveOffer[] next = new LiveOffer[offers.size()];
    Map<String, OfferIndex.Entry> kept = new HashMap<>(Math.max(16, offers.size() * 2));
    List<OfferIndex.Entry> changed = new ArrayList<>();
    List<String> previousOwners = new ArrayList<>();
    for (int i = 0; i < next.length; i++) {
      Offer offer = offers.get(i);
      if (kept.containsKey(offer.offerId())) {
        next[i] = live(offer);
        continue;
      }
      OfferIndex.Entry entry = entries.get(offer.offerId());
      if (entry == null) {
        entry = entry(offer, i);
        changed.add(entry);
        previousOwners.add(null);
      } else {
        entry.pos = i;
        if (!entry.live.offer().equals(offer)) {
          changed.add(entry);
          previousOwners.add(entry.provider);
          entry.live = live(offer);
        }
      }
      kept.put(offer.offerId(), entry);
      next[i] = entry.live;
    }
    for (Map.Entry<String, OfferIndex.Entry> old : entries.entrySet()) {
      if (kept.get(old.getKey()) != old.getValue()) {
        index.removed(old.getValue());
      }
    }
    entries = kept;
    install(next);
    for (int i = 0; i < changed.size(); i++) {
      index.added(changed.get(i), previousOwners.get(i));
    }
  }

  /** Adds or replaces one offer (a ledger event seen before the next poll). */
  public synchronized void upsert(Offer offer) {
    LiveOffer[] current = snapshot;
    OfferIndex.Entry entry = entries.get(offer.offerId());
    if (entry != null) {
      LiveOffer[] next = current.clone();
      String previousOwner = entry.provider;
      entry.live = live(offer);
      next[entry.pos] = entry.live;
      install(next);
      index.added(entry, previousOwner);
      return;
    }
    entry = entry(offer, current.length);
    entries.put(offer.offerId(), entry);
    LiveOffer[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = entry.live;
    install(next);
    index.added(entry, null);
  }

  /** Records an agent's heartbeat; it may arrive before the offer reaches the book. */
  public void heartbeat(Heartbeat beat) {
    if (loads.size() >= MAX_LOADS && !loads.containsKey(beat.offerId())) {
      return; // bounded: heartbeats naming offers the ledger never had cannot grow the map
    }
    LiveOffer.Load load = loads.computeIfAbsent(beat.offerId(), id -> new LiveOffer.Load());
    load.endedSinceBeat.set(0);
    load.seen = new LiveOffer.Seen(beat, clock.getAsLong());
    load.changed.run();
  }

  /**
   * The offer's agent lost its link: forget when it was last heard from, so that the offer takes no
   * work until its agent reports again (over HTTP, or on a new link).
   */
  public void unlinked(String offerId) {
    LiveOffer.Load load = loads.get(offerId);
    if (load != null) {
      load.seen = null;
      load.changed.run();
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
    return providers.computeIfAbsent(
        providerId,
        id -> {
          ProviderStats stats = new ProviderStats(id);
          stats.onChange(() -> index.providerChanged(id));
          return stats;
        });
  }

  /** A provider's stats when the broker has dealt with it, else null (nothing is created). */
  public ProviderStats knownStats(String providerId) {
    return providers.get(providerId);
  }

  OfferIndex index() {
    return index;
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

  private OfferIndex.Entry entry(Offer offer, int pos) {
    OfferIndex.Entry entry = new OfferIndex.Entry(live(offer), pos);
    entry.live.load().changed = () -> index.refile(entry);
    return entry;
  }

  private LiveOffer live(Offer offer) {
    return new LiveOffer(
        offer,
        loads.computeIfAbsent(offer.offerId(), id -> new LiveOffer.Load()),
        stats(offer.providerId()));
  }
}
