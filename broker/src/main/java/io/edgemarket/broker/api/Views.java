package io.edgemarket.broker.api;

import io.edgemarket.broker.market.OfferLoad;
import io.edgemarket.model.Offer;
import java.util.List;

/** JSON bodies the broker's own routes answer with (the shared ones live in model.api). */
final class Views {
  private Views() {}

  /** {@code GET /api/v1/health}. */
  record Health(String status, String ledger, int providers, int offers, String brokerId) {}

  /** One entry of {@code GET /api/v1/offers}. */
  record OfferWithLoad(Offer offer, OfferLoad load) {}

  record Invocations(long total, long ok, long functionErrors, long failed) {}

  /** {@code GET /api/v1/market}: the market in numbers. */
  record MarketSummary(
      int providers,
      int offers,
      Invocations invocations,
      long settledReceipts,
      long rejectedReceipts,
      long batches,
      long settledAmount,
      int pendingReceipts) {}

  /** A provider as the status page shows it: no endpoint, nothing a consumer sent. */
  record ProviderView(
      String providerId,
      int offers,
      int activeInvocations,
      double latencyMillis,
      double reputation,
      long successes,
      long faults,
      boolean suspect) {}

  record OfferView(
      String offerId,
      String providerId,
      String region,
      long pricePerInvocation,
      long pricePerMegaFuel,
      List<String> runtimes,
      long memoryMb,
      OfferLoad load) {}

  record BatchView(
      String batchId, String merkleRoot, int settled, int rejected, long totalAmount, long at) {}

  /** {@code GET /api/v1/public/market}: what the status page polls; public, read-only. */
  record PublicMarket(
      MarketSummary summary,
      List<ProviderView> providers,
      List<OfferView> offers,
      List<BatchView> recentBatches,
      long at) {}
}
