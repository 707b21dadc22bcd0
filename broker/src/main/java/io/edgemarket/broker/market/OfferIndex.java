package io.edgemarket.broker.market;

import io.edgemarket.model.Offer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The offers that can take work, filed for placement so that a match reads a few dozen offers
 * instead of the whole book. Per runtime, offers are in buckets by price and memory class, each
 * bucket ordered by the ticket-independent part of the matcher's score ({@link Matcher#terms}:
 * load, latency, reputation, lost disputes). An offer is re-filed when what that part reads changes
 * (a heartbeat, a dispatch starting or ending, its provider's stats, the ledger's offer), never per
 * match.
 *
 * <p>An offer is filed as serving when, at its last change, it was serving ({@link
 * OfferBook#serving}), and ranked when it also had room for work. Time alone can only take an offer
 * out of service (its heartbeat or the offer expires), so a match that meets such an offer drops it
 * here; its next heartbeat files it again.
 */
final class OfferIndex {
  /** Prices below this get a bucket each; above, 32 buckets per power of two. */
  private static final long EXACT_PRICES = 256;

  private static final int SUB_BUCKET_BITS = 5;

  private final OfferBook book;
  private final Map<String, Partition> partitions = new ConcurrentHashMap<>();
  private final Map<String, Set<Entry>> byProvider = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  OfferIndex(OfferBook book) {
    this.book = book;
  }

  /**
   * The offers of one runtime: ranked ones by bucket and all together (whose first has the least
   * base of all, so a match opens only the buckets that could hold a better offer), and every
   * serving one (full or not).
   */
  record Partition(
      ConcurrentSkipListMap<BucketKey, NavigableSet<Node>> buckets,
      NavigableSet<Node> ranked,
      Set<Entry> serving,
      AtomicLong removals) {
    Partition() {
      this(
          new ConcurrentSkipListMap<>(),
          new ConcurrentSkipListSet<>(),
          ConcurrentHashMap.newKeySet(),
          new AtomicLong());
    }

    /**
     * How many filings have been taken out so far. A match that read the buckets while this moved
     * may have missed an offer that was re-filed behind its cursor, and checks again.
     */
    long removalCount() {
      return removals.get();
    }
  }

  /** A bucket: prices from {@code lowestPrice} up, memory of one power-of-two class. */
  record BucketKey(long lowestPrice, int memoryClass) implements Comparable<BucketKey> {
    @Override
    public int compareTo(BucketKey o) {
      int byPrice = Long.compare(lowestPrice, o.lowestPrice);
      return byPrice != 0 ? byPrice : Integer.compare(memoryClass, o.memoryClass);
    }
  }

  /**
   * One filing of an offer, immutable so the buckets' order never changes under a reader: its price
   * and the matcher's terms as they were when filed ({@link Matcher#terms}), so a match can compute
   * the offer's score but for suspicion without reading the offer itself.
   */
  record Node(double base, long sequence, Entry entry, long price, Matcher.Terms terms)
      implements Comparable<Node> {
    @Override
    public int compareTo(Node o) {
      int byBase = Double.compare(base, o.base);
      return byBase != 0 ? byBase : Long.compare(sequence, o.sequence);
    }
  }

  /** One offer id in the book; {@code pos} is its place in the book's snapshot (ties go to it). */
  static final class Entry {
    volatile LiveOffer live;
    volatile int pos;
    volatile String provider;
    // Guarded by this: where the entry is filed now.
    private boolean removed;
    private Node node;
    private final List<NavigableSet<Node>> rankedIn = new ArrayList<>(1);
    private final List<Partition> servingIn = new ArrayList<>(1);
    private LiveOffer filedAs;

    Entry(LiveOffer live, int pos) {
      this.live = live;
      this.pos = pos;
      this.provider = live.offer().providerId();
    }
  }

  Partition partition(String runtime) {
    return partitions.get(runtime);
  }

  /** Files a new entry (or one whose offer or owner changed) and keeps the provider's list. */
  void added(Entry entry, String previousProvider) {
    String provider = entry.live.offer().providerId();
    if (previousProvider != null && !previousProvider.equals(provider)) {
      Set<Entry> old = byProvider.get(previousProvider);
      if (old != null) {
        old.remove(entry);
      }
    }
    entry.provider = provider;
    if (provider != null) {
      byProvider.computeIfAbsent(provider, p -> ConcurrentHashMap.newKeySet()).add(entry);
    }
    refile(entry);
  }

  void removed(Entry entry) {
    synchronized (entry) {
      entry.removed = true;
    }
    String provider = entry.provider;
    if (provider != null) {
      Set<Entry> entries = byProvider.get(provider);
      if (entries != null) {
        entries.remove(entry);
      }
    }
    refile(entry);
  }

  /** A provider's stats changed: each of its offers' base moved. */
  void providerChanged(String providerId) {
    Set<Entry> entries = byProvider.get(providerId);
    if (entries != null) {
      for (Entry entry : entries) {
        refile(entry);
      }
    }
  }

  /** Files the entry as it is now; cheap when nothing that orders it changed. */
  void refile(Entry entry) {
    long now = book.now();
    synchronized (entry) {
      LiveOffer live = entry.live;
      boolean serving = !entry.removed && book.serving(live, now);
      boolean ranked = serving && live.active() < live.maxConcurrency();
      Matcher.Terms terms = ranked ? Matcher.terms(live) : null;
      boolean sameOffer = entry.filedAs == live;
      if (sameOffer && serving == !entry.servingIn.isEmpty()) {
        if (!ranked && entry.node == null) {
          return;
        }
        if (ranked && entry.node != null && entry.node.terms().equals(terms)) {
          return;
        }
      }
      // The new filing goes in before the old comes out: a match running meanwhile sees the offer
      // once or twice (the shortlist keeps one offer per provider), never not at all.
      Node oldNode = entry.node;
      List<NavigableSet<Node>> oldRanked = List.copyOf(entry.rankedIn);
      List<Partition> oldServing = List.copyOf(entry.servingIn);
      entry.rankedIn.clear();
      entry.servingIn.clear();
      entry.node = null;
      entry.filedAs = live;
      if (serving) {
        file(entry, live, ranked ? terms : null);
      }
      for (NavigableSet<Node> bucket : oldRanked) {
        bucket.remove(oldNode);
      }
      for (Partition partition : oldServing) {
        boolean stillServing = containsSame(entry.servingIn, partition);
        if (!stillServing) {
          partition.serving().remove(entry);
        }
        if (oldNode != null || !stillServing) {
          // Counted after the removal, so a match that began before it sees the count move.
          partition.removals.incrementAndGet();
        }
      }
    }
  }

  private void file(Entry entry, LiveOffer live, Matcher.Terms terms) {
    Offer offer = live.offer();
    Node node =
        terms != null
            ? new Node(
                terms.base(), sequence.incrementAndGet(), entry, offer.pricePerInvocation(), terms)
            : null;
    BucketKey key = new BucketKey(bucketOf(offer.pricePerInvocation()), classOf(offer.memoryMb()));
    for (String runtime : offer.runtimes()) {
      Partition partition = partitions.computeIfAbsent(runtime, r -> new Partition());
      partition.serving().add(entry);
      entry.servingIn.add(partition);
      if (node != null) {
        NavigableSet<Node> bucket =
            partition.buckets().computeIfAbsent(key, k -> new ConcurrentSkipListSet<>());
        bucket.add(node);
        entry.rankedIn.add(bucket);
        partition.ranked().add(node);
        entry.rankedIn.add(partition.ranked());
      }
    }
    entry.node = node;
  }

  private static boolean containsSame(List<Partition> partitions, Partition partition) {
    for (Partition each : partitions) {
      if (each == partition) {
        return true;
      }
    }
    return false;
  }

  /** A match found the entry out of service by time alone: take it out until it reports again. */
  void expired(Entry entry) {
    refile(entry);
  }

  /** The lowest price of the bucket holding {@code price}: itself while small, else coarser. */
  static long bucketOf(long price) {
    if (price < EXACT_PRICES) {
      return price;
    }
    int shift = 63 - Long.numberOfLeadingZeros(price) - SUB_BUCKET_BITS;
    return (price >> shift) << shift;
  }

  /** Memory classes: 0 for 0 MB, then c holds [2^(c-1), 2^c - 1] MB; negative sizes are 64. */
  static int classOf(long memoryMb) {
    return 64 - Long.numberOfLeadingZeros(memoryMb);
  }

  /**
   * Whether some offer of the class might have this much memory, checked as the matcher does
   * ({@code memoryMb * MIB}, overflow and all): classes whose product could overflow always may.
   */
  static boolean mayHold(int memoryClass, long bytes, long mib) {
    if (memoryClass == 0) {
      return 0 >= bytes;
    }
    if (memoryClass > 40) {
      return true;
    }
    return ((1L << memoryClass) - 1) * mib >= bytes;
  }
}
