package io.edgemarket.broker.api;

import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.broker.market.ProviderStats;
import io.edgemarket.broker.metrics.RecentInvocations;
import io.edgemarket.broker.settle.BatchOutcome;
import io.edgemarket.broker.settle.SettlementStats;
import io.edgemarket.model.Offer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Takes {@link MarketSnapshot}s from the broker's services (the offer book, counters, queue). */
final class Snapshots {
  private final ApiServices services;
  private final OfferBook book;

  Snapshots(ApiServices services) {
    this.services = services;
    this.book = services.offers();
  }

  /** The offers serving at {@code now}, by provider id (sorted). */
  static Map<String, List<LiveOffer>> servingByProvider(OfferBook book, long now) {
    Map<String, List<LiveOffer>> byProvider = new TreeMap<>();
    for (LiveOffer live : book.snapshot()) {
      if (book.serving(live, now)) {
        byProvider.computeIfAbsent(live.offer().providerId(), p -> new ArrayList<>()).add(live);
      }
    }
    return byProvider;
  }

  MarketSnapshot take() {
    long now = book.now();
    Map<String, List<LiveOffer>> byProvider = servingByProvider(book, now);
    List<MarketSnapshot.Provider> providers = new ArrayList<>();
    Map<List<Long>, MarketSnapshot.PriceLevel> levels = new TreeMap<>(Snapshots::comparePrices);
    int offers = 0;
    for (Map.Entry<String, List<LiveOffer>> entry : byProvider.entrySet()) {
      providers.add(provider(entry.getKey(), entry.getValue(), now));
      for (LiveOffer live : entry.getValue()) {
        offers++;
        Offer o = live.offer();
        levels.merge(
            List.of(o.pricePerInvocation(), o.pricePerMegaFuel()),
            new MarketSnapshot.PriceLevel(
                o.pricePerInvocation(),
                o.pricePerMegaFuel(),
                1,
                live.maxConcurrency(),
                live.active()),
            (a, b) ->
                new MarketSnapshot.PriceLevel(
                    a.pricePerInvocation(),
                    a.pricePerMegaFuel(),
                    a.offers() + b.offers(),
                    a.capacity() + b.capacity(),
                    a.activeInvocations() + b.activeInvocations()));
      }
    }
    return new MarketSnapshot(
        now,
        services.ledger().name(),
        providers,
        offers,
        invocations(),
        settlement(),
        List.copyOf(levels.values()));
  }

  private MarketSnapshot.Provider provider(String id, List<LiveOffer> lives, long now) {
    ProviderStats stats = book.stats(id);
    TreeSet<String> regions = new TreeSet<>();
    int active = 0;
    int capacity = 0;
    long stake = 0;
    boolean draining = true;
    for (LiveOffer live : lives) {
      Offer o = live.offer();
      if (o.region() != null && !o.region().isBlank()) {
        regions.add(o.region());
      }
      active += live.active();
      capacity += live.maxConcurrency();
      stake += o.stake() == null ? 0 : o.stake();
      draining &= live.draining();
    }
    String health = stats.suspectAt(now) ? "suspect" : draining ? "draining" : "ok";
    return new MarketSnapshot.Provider(
        id,
        List.copyOf(regions),
        lives.size(),
        active,
        capacity,
        health,
        stats.reputation(),
        stake,
        stats.latencyMillis(),
        stats.successes(),
        stats.faults());
  }

  private MarketSnapshot.Invocations invocations() {
    InvocationService.Counts counts = services.invocations().counts();
    RecentInvocations.Window window = services.metrics().recent().window();
    return new MarketSnapshot.Invocations(
        counts.total(),
        counts.ok(),
        counts.functionErrors(),
        counts.failed(),
        window.windowSeconds(),
        window.ratePerSecond(),
        window.p50Millis(),
        window.p99Millis());
  }

  private MarketSnapshot.Settlement settlement() {
    SettlementStats stats = services.settlement();
    Map<String, Long> lags = services.queue().lag().batches();
    List<MarketSnapshot.Batch> batches = new ArrayList<>();
    for (BatchOutcome b : stats.recent()) {
      batches.add(
          new MarketSnapshot.Batch(
              b.batchId(),
              b.merkleRoot(),
              b.settled().size(),
              b.rejected().size(),
              b.totalAmount(),
              b.at(),
              lags.get(b.batchId())));
    }
    return new MarketSnapshot.Settlement(
        services.queue().lag().nowMillis(),
        services.queue().depth(),
        stats.batches(),
        stats.settledReceipts(),
        stats.rejectedReceipts(),
        stats.settledAmount(),
        batches);
  }

  private static int comparePrices(List<Long> a, List<Long> b) {
    int c = Long.compare(a.get(0), b.get(0));
    return c != 0 ? c : Long.compare(a.get(1), b.get(1));
  }
}
