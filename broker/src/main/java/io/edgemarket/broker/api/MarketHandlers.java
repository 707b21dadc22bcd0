package io.edgemarket.broker.api;

import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.broker.market.ProviderStats;
import io.edgemarket.broker.settle.BatchOutcome;
import io.edgemarket.broker.settle.SettlementStats;
import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Offers, heartbeats and the market summaries (the signed one and the status page's public one).
 */
final class MarketHandlers {
  private final ApiServices services;
  private final OfferBook book;

  MarketHandlers(ApiServices services) {
    this.services = services;
    this.book = services.offers();
  }

  void offers(Context ctx) {
    List<Views.OfferWithLoad> offers = new ArrayList<>();
    long now = book.now();
    for (LiveOffer live : book.snapshot()) {
      if (live.offer().isLiveAt(now)) {
        offers.add(new Views.OfferWithLoad(live.offer(), live.loadView()));
      }
    }
    ctx.json(offers);
  }

  void summary(Context ctx) {
    ctx.json(summary());
  }

  void heartbeat(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    Heartbeat beat;
    try {
      beat = Json.read(ctx.bodyAsBytes(), Heartbeat.class);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, e.getMessage());
    }
    if (beat.offerId() == null || !caller.id().equals(beat.providerId())) {
      throw new ApiException(
          403, ErrorCodes.FORBIDDEN, "a provider may only report on its own offers");
    }
    String owner = book.ownerOf(beat.offerId());
    if (owner != null && !owner.equals(caller.id())) {
      throw new ApiException(
          403, ErrorCodes.FORBIDDEN, "offer " + beat.offerId() + " is not yours");
    }
    book.heartbeat(beat);
    ctx.status(204);
  }

  /** An independent verifier (an auditor) says where it re-executes sampled invocations. */
  void verifierHeartbeat(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    VerifierBeat beat;
    try {
      beat = Json.read(ctx.bodyAsBytes(), VerifierBeat.class);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, e.getMessage());
    }
    if (!caller.id().equals(beat.verifierId())) {
      throw new ApiException(403, ErrorCodes.FORBIDDEN, "a verifier may only announce itself");
    }
    if (beat.endpoint() == null || !beat.endpoint().matches("https?://[^\\s]{1,500}")) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, "endpoint must be an http(s) URL");
    }
    if (!services.verifiers().announce(beat.verifierId(), beat.endpoint())) {
      throw new ApiException(503, ErrorCodes.UNAVAILABLE, "too many verifiers");
    }
    ctx.status(204);
  }

  /** The body of {@code POST /verifiers/heartbeat}. */
  record VerifierBeat(String verifierId, String endpoint) {}

  void publicMarket(Context ctx) {
    long now = book.now();
    Map<String, List<LiveOffer>> byProvider = Snapshots.servingByProvider(book, now);
    List<Views.OfferView> offers = new ArrayList<>();
    byProvider.forEach(
        (id, lives) -> {
          for (LiveOffer live : lives) {
            Offer o = live.offer();
            offers.add(
                new Views.OfferView(
                    o.offerId(),
                    o.providerId(),
                    o.region(),
                    o.pricePerInvocation(),
                    o.pricePerMegaFuel(),
                    o.runtimes(),
                    o.memoryMb(),
                    live.loadView()));
          }
        });
    List<Views.ProviderView> providers = new ArrayList<>();
    byProvider.forEach(
        (id, lives) -> {
          ProviderStats stats = book.stats(id);
          int active = lives.stream().mapToInt(LiveOffer::active).sum();
          providers.add(
              new Views.ProviderView(
                  id,
                  lives.size(),
                  active,
                  stats.latencyMillis(),
                  stats.reputation(),
                  stats.successes(),
                  stats.faults(),
                  stats.suspectAt(now)));
        });
    List<Views.BatchView> batches = new ArrayList<>();
    for (BatchOutcome b : services.settlement().recent()) {
      batches.add(
          new Views.BatchView(
              b.batchId(),
              b.merkleRoot(),
              b.settled().size(),
              b.rejected().size(),
              b.totalAmount(),
              b.at()));
    }
    ctx.json(new Views.PublicMarket(summary(), providers, offers, batches, now));
  }

  private Views.MarketSummary summary() {
    InvocationService.Counts counts = services.invocations().counts();
    SettlementStats settlement = services.settlement();
    return new Views.MarketSummary(
        book.servingProviders(),
        book.servingOffers(),
        new Views.Invocations(
            counts.total(), counts.ok(), counts.functionErrors(), counts.failed()),
        settlement.settledReceipts(),
        settlement.rejectedReceipts(),
        settlement.batches(),
        settlement.settledAmount(),
        services.queue().depth());
  }
}
