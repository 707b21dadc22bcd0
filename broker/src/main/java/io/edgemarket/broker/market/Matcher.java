package io.edgemarket.broker.market;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Placement;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;

/**
 * Ranks the offers that fit an invocation: the best offer of each of the {@code k} best providers,
 * so a failover goes to a different machine. Lower scores are better; each term is scaled to [0,
 * 1]:
 *
 * <ul>
 *   <li>price: the share of it above the cheapest offer on the book for the runtime ({@link
 *       PriceScale}), so 70 against 100 weighs the same whatever ceiling the ticket names (scaled
 *       against the ticket's ceiling, which the SDK sets at 10^6 by default, price weighed
 *       ~3.5·10^-5 and load and latency decided alone: the market simulator showed it);
 *   <li>load (active / max concurrency): spreads work before queues form on one agent;
 *   <li>latency ({@code ms / (ms + 10)}, counting only what is beyond 1 ms): what the paper's SDN
 *       controller optimises;
 *   <li>reputation (1 - success ratio): providers that fail lose work.
 * </ul>
 *
 * Suspect providers (a recent fault) get a penalty larger than any sum of the terms: they are tried
 * only when nothing else fits. Providers the ledger found wrong in a dispute (their reputation on
 * the ledger) get a smaller one, still larger than the terms: honest providers are preferred, and a
 * provider that lost a dispute gets work only when they are all taken. An offer whose stake is
 * below the function's {@code minStake} never fits. Equal scores go to the offer earlier in the
 * book's snapshot. A consumer's {@link Placement} (issue 12) may allow or deny providers, which
 * filters, and prefer a region: offers elsewhere get a penalty larger than the terms (smaller than
 * a dispute's), so they serve only when nothing in the region fits; a preferred energy source ranks
 * the same way. When it says where the caller is, the distance to each offer's declared location is
 * one more term.
 *
 * <p>The answer is that of one pass over the whole book, but it reads only the offers that could be
 * in it: the book's {@link OfferIndex} holds, per runtime, buckets by price and memory, each
 * ordered by the score without its price term and suspicion ({@link #base}). A bucket's lowest
 * price plus an offer's base never exceeds that offer's score, so walking the buckets merged in
 * that order can stop at the first bound above the {@code k}-th score kept: every offer not read
 * scores higher.
 */
public final class Matcher {
  static final double PRICE = 0.35;
  private static final double LOAD = 0.25;
  private static final double LATENCY = 0.2;
  private static final double REPUTATION = 0.2;
  private static final double SUSPECT_PENALTY = 10;
  private static final double LOST_DISPUTE_PENALTY = 5;

  /** More than every term together (at most 1): an offer in the preferred region ranks first. */
  private static final double REGION_PENALTY = 2;

  /**
   * Weight of the distance to the caller, when it says where it is: {@code km / (km + NEAR_KM)}, as
   * heavy as latency (distance is what latency is made of, for the caller's leg).
   */
  private static final double DISTANCE = 0.2;

  private static final double NEAR_KM = 500;

  /**
   * Slack for rounding: a bound sums the same terms in another order than the score. Scores are
   * below 16, so their rounding errors are below 1e-14; offers this close above the cut are read.
   */
  private static final double SLACK = 1e-9;

  /**
   * Round trips up to this many ms count as none: within a site (or on loopback) their differences
   * are noise, which must not outweigh a price difference. A provider never measured counts as that
   * near, optimistically, so newcomers get tried.
   */
  private static final double SAME_SITE_MS = 1;

  private static final long MIB = 1024L * 1024L;

  /** Matches through the buckets again before reading every serving offer instead. */
  private static final int INDEXED_RETRIES = 2;

  private final OfferBook book;

  public Matcher(OfferBook book) {
    this.book = book;
  }

  /** Up to {@code k} offers, best first, each from a different provider. */
  public List<LiveOffer> rank(FunctionSpec function, InvocationTicket ticket, int k) {
    return rank(function, ticket, null, k);
  }

  /**
   * Up to {@code k} offers, best first, each from a different provider, within what {@code
   * placement} allows and with its region first (null: no preference).
   */
  public List<LiveOffer> rank(
      FunctionSpec function, InvocationTicket ticket, Placement placement, int k) {
    if (k <= 0) {
      return List.of();
    }
    OfferIndex.Partition partition = book.index().partition(function.runtime());
    if (partition == null) {
      return List.of();
    }
    // Once per match: a retry after offers expired mid-walk weighs prices as the first pass did.
    PriceScale scale = PriceScale.of(partition);
    for (int attempt = 0; ; attempt++) {
      long removals = partition.removalCount();
      List<LiveOffer> ranked = rankIndexed(partition, scale, function, ticket, placement, k);
      // An offer re-filed while the buckets were read may have been behind a cursor and missed.
      // Only a short list can have lost one that matters; a full one is the best of what it saw.
      if (ranked.size() >= k || partition.removalCount() == removals) {
        return ranked;
      }
      if (attempt == INDEXED_RETRIES) {
        return rankServing(partition, scale, function, ticket, placement, k);
      }
    }
  }

  /**
   * Every serving offer of the runtime, read one by one: the index keeps each of them in its
   * serving set for as long as it serves, whatever re-filing goes on meanwhile.
   */
  private List<LiveOffer> rankServing(
      OfferIndex.Partition partition,
      PriceScale scale,
      FunctionSpec function,
      InvocationTicket ticket,
      Placement placement,
      int k) {
    long now = book.now();
    Shortlist shortlist = new Shortlist(k);
    for (OfferIndex.Entry entry : partition.serving()) {
      LiveOffer live = entry.live;
      if (fits(live, function, ticket, now) && allows(placement, live)) {
        shortlist.offer(live, score(live, scale, now) + away(placement, live), entry.pos);
      }
    }
    return shortlist.ranked();
  }

  private List<LiveOffer> rankIndexed(
      OfferIndex.Partition partition,
      PriceScale scale,
      FunctionSpec function,
      InvocationTicket ticket,
      Placement placement,
      int k) {
    Iterator<OfferIndex.Node> all = partition.ranked().iterator();
    if (!all.hasNext()) {
      return List.of();
    }
    double least = all.next().base();
    long now = book.now();
    long cap = Math.min(function.maxPricePerInvocation(), ticket.maxPrice());
    Iterator<Map.Entry<OfferIndex.BucketKey, NavigableSet<OfferIndex.Node>>> buckets =
        partition
            .buckets()
            .headMap(new OfferIndex.BucketKey(cap, Integer.MAX_VALUE))
            .entrySet()
            .iterator();
    BucketCursors cursors = new BucketCursors();
    Shortlist shortlist = new Shortlist(k);
    Map.Entry<OfferIndex.BucketKey, NavigableSet<OfferIndex.Node>> pending =
        nextBucket(buckets, function);
    while (true) {
      // Open buckets in price order, only while one could hold an offer below the next bound.
      while (pending != null) {
        double offset = scale.term(pending.getKey().lowestPrice()) - SLACK;
        if (shortlist.full() && offset + least > shortlist.worst()) {
          pending = null;
        } else if (cursors.isEmpty() || offset + least <= cursors.bound()) {
          cursors.add(offset, pending.getValue().iterator());
          pending = nextBucket(buckets, function);
        } else {
          break;
        }
      }
      if (cursors.isEmpty() || (shortlist.full() && cursors.bound() > shortlist.worst())) {
        break;
      }
      OfferIndex.Node node = cursors.next();
      OfferIndex.Entry entry = node.entry();
      if (shortlist.full() && !shortlist.couldTake(unsuspected(node, scale), entry.pos)) {
        continue; // a tie or worse, known from the filing alone (most offers read are ties)
      }
      LiveOffer live = entry.live;
      if (fits(live, function, ticket, now)) {
        if (allows(placement, live)) {
          shortlist.offer(live, score(live, scale, now) + away(placement, live), entry.pos);
        }
      } else if (!book.serving(live, now)) {
        book.index().expired(entry);
      }
    }
    return shortlist.ranked();
  }

  private static Map.Entry<OfferIndex.BucketKey, NavigableSet<OfferIndex.Node>> nextBucket(
      Iterator<Map.Entry<OfferIndex.BucketKey, NavigableSet<OfferIndex.Node>>> buckets,
      FunctionSpec function) {
    while (buckets.hasNext()) {
      Map.Entry<OfferIndex.BucketKey, NavigableSet<OfferIndex.Node>> bucket = buckets.next();
      if (OfferIndex.mayHold(bucket.getKey().memoryClass(), function.memoryLimitBytes(), MIB)) {
        return bucket;
      }
    }
    return null;
  }

  /**
   * Whether any serving offer runs code of this runtime at all, whatever its price, memory or load.
   * When none does, no ticket could be matched, however generous: the consumer is told so before
   * any escrow is held, instead of a generic "nothing fits now".
   */
  public boolean offersRuntime(String runtime) {
    OfferIndex.Partition partition = book.index().partition(runtime);
    if (partition == null) {
      return false;
    }
    long now = book.now();
    for (OfferIndex.Entry entry : partition.serving()) {
      LiveOffer live = entry.live;
      if (book.serving(live, now) && live.offer().runtimes().contains(runtime)) {
        return true;
      }
      book.index().expired(entry);
    }
    return false;
  }

  private static boolean allows(Placement placement, LiveOffer live) {
    return placement == null || placement.allows(live.offer().providerId());
  }

  /**
   * The penalty of an offer outside the preferred region. It only ever adds to a score, so the
   * index's bounds (which leave it out) stay bounds.
   */
  private static double away(Placement placement, LiveOffer live) {
    if (placement == null) {
      return 0;
    }
    double away = placement.elsewhere(live.offer().region()) ? REGION_PENALTY : 0;
    if (placement.otherEnergy(live.offer().energy())) {
      away += REGION_PENALTY;
    }
    if (placement.near() != null) {
      Offer offer = live.offer();
      double km =
          offer.latitudeE6() == 0 && offer.longitudeE6() == 0
              ? Double.POSITIVE_INFINITY
              : placement.near().kmTo(offer.latitudeE6(), offer.longitudeE6());
      away += Double.isInfinite(km) ? DISTANCE : DISTANCE * (km / (km + NEAR_KM));
    }
    return away;
  }

  /** Whether an offer can run this invocation now, within what function and ticket allow. */
  boolean fits(LiveOffer live, FunctionSpec function, InvocationTicket ticket, long now) {
    Offer offer = live.offer();
    return book.serving(live, now)
        && offer.runtimes().contains(function.runtime())
        && offer.memoryMb() * MIB >= function.memoryLimitBytes()
        && offer.pricePerInvocation() <= function.maxPricePerInvocation()
        && offer.pricePerInvocation() <= ticket.maxPrice()
        && offer.stake() >= function.minStake()
        && live.active() < live.maxConcurrency();
  }

  /** The scale the next ranking of {@code runtime} weighs prices by. */
  PriceScale priceScale(String runtime) {
    return PriceScale.of(book.index().partition(runtime));
  }

  double score(LiveOffer live, PriceScale scale, long now) {
    ProviderStats stats = live.stats();
    double load = (double) live.active() / Math.max(1, live.maxConcurrency());
    double ms = beyondSite(stats);
    double score =
        scale.term(live.offer().pricePerInvocation())
            + LOAD * load
            + LATENCY * (ms / (ms + 10))
            + REPUTATION * (1 - stats.reputation());
    if (stats.disputesLost() > 0) {
      score += LOST_DISPUTE_PENALTY;
    }
    return stats.suspectAt(now) ? score + SUSPECT_PENALTY : score;
  }

  /**
   * The terms of an offer's score but price and suspicion, each as {@link #score} computes it;
   * their sum, {@code base}, is what the index orders offers by. Neither term it leaves out lowers
   * a score. Doubles compare by their bits, so a re-filing is skipped only when every term is the
   * same.
   */
  record Terms(double load, double latency, double reputation, boolean lostDispute) {
    double base() {
      double base = load + latency + reputation;
      return lostDispute ? base + LOST_DISPUTE_PENALTY : base;
    }
  }

  static Terms terms(LiveOffer live) {
    ProviderStats stats = live.stats();
    double load = (double) live.active() / Math.max(1, live.maxConcurrency());
    double ms = beyondSite(stats);
    return new Terms(
        LOAD * load,
        LATENCY * (ms / (ms + 10)),
        REPUTATION * (1 - stats.reputation()),
        stats.disputesLost() > 0);
  }

  /** The measured latency beyond the same-site floor, in ms (0 when never measured). */
  private static double beyondSite(ProviderStats stats) {
    double ms = stats.latencyMillis();
    return ms < 0 ? 0 : Math.max(0, ms - SAME_SITE_MS);
  }

  /**
   * The score of a filed offer but for suspicion, summed in {@link #score}'s order, so it is that
   * score exactly while the offer is as filed (and a suspect's is higher).
   */
  static double unsuspected(OfferIndex.Node node, PriceScale scale) {
    Terms terms = node.terms();
    double score = scale.term(node.price()) + terms.load() + terms.latency() + terms.reputation();
    return terms.lostDispute() ? score + LOST_DISPUTE_PENALTY : score;
  }
}
