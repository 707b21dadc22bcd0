package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.Offer;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.testing.InvocationSamples;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OffersContractTest {
  private final Market market = new Market();

  private long tomorrow() {
    return market.now() + 86_400_000;
  }

  private String publish(Offer offer) {
    return market.submit(
        market.provider, ctx -> market.offers.publishOffer(ctx, Json.write(offer)));
  }

  @Test
  void publishingMakesTheCallerTheOwnerOfAnActiveOffer() {
    Offer claimed =
        InvocationSamples.offer("o-1", tomorrow())
            .ownedBy("someone-else", 5)
            .withStatus(Offer.WITHDRAWN, 5);
    Offer stored = Market.read(publish(claimed), Offer.class);
    assertEquals(market.provider.id(), stored.providerId());
    assertEquals(Offer.ACTIVE, stored.status());
    assertEquals(market.now(), stored.updatedAt());
    assertEquals("OfferPublished", market.last.stub().getEvent().getEventName());
    assertEquals(Json.write(stored), market.last.stub().getEvent().getPayload().toString(UTF_8));
    assertEquals(
        stored,
        Market.read(
            market.evaluate(market.consumer, ctx -> market.offers.getOffer(ctx, "o-1")),
            Offer.class));
  }

  @Test
  void theLedgerFillsInWhatItDecides() {
    String json =
        "{\"offerId\":\"o-2\",\"endpoint\":\"http://10.0.0.7:8080\",\"region\":\"lab\",\"latitudeE6\":0,"
            + "\"longitudeE6\":0,\"cpuMillis\":500,\"memoryMb\":256,\"maxConcurrency\":2,"
            + "\"runtimes\":[\"wasm\"],\"accelerators\":[],\"pricePerInvocation\":0,"
            + "\"pricePerMegaFuel\":1,\"expiresAt\":"
            + tomorrow()
            + "}";
    Offer stored =
        Market.read(
            market.submit(market.provider, ctx -> market.offers.publishOffer(ctx, json)),
            Offer.class);
    assertEquals(market.provider.id(), stored.providerId());
  }

  @Test
  void invalidOffersAreBadRequests() {
    Map<String, Object> breakages =
        Map.ofEntries(
            Map.entry("offerId", "x".repeat(129)),
            Map.entry("endpoint", "ftp://host"),
            Map.entry("cpuMillis", 0),
            Map.entry("memoryMb", 0),
            Map.entry("maxConcurrency", -1),
            Map.entry("runtimes", List.of()),
            Map.entry("pricePerInvocation", -1),
            Map.entry("pricePerMegaFuel", -1),
            Map.entry("expiresAt", market.now()));
    ObjectNode good = (ObjectNode) Json.tree(Json.write(InvocationSamples.offer("o", tomorrow())));
    breakages.forEach(
        (field, value) -> {
          String json = good.deepCopy().set(field, Json.mapper().valueToTree(value)).toString();
          market.fails(
              ErrorCodes.BAD_REQUEST,
              market.provider,
              ctx -> market.offers.publishOffer(ctx, json));
        });
    for (String json :
        List.of(
            good.deepCopy().putNull("endpoint").toString(),
            good.deepCopy().put("offerId", "bad\u0000id").toString(),
            "{\"offerId\":\"o\",\"colour\":1}",
            "[]")) {
      market.fails(
          ErrorCodes.BAD_REQUEST, market.provider, ctx -> market.offers.publishOffer(ctx, json));
    }
  }

  @Test
  void onlyRegisteredProvidersPublish() {
    String json = Json.write(InvocationSamples.offer("o", tomorrow()));
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> market.offers.publishOffer(ctx, json));
    market.fails(
        ErrorCodes.NOT_REGISTERED,
        market.enroll("provider-7", io.edgemarket.model.Role.PROVIDER),
        ctx -> market.offers.publishOffer(ctx, json));
  }

  @Test
  void anotherProvidersOfferIsOffLimits() {
    publish(InvocationSamples.offer("o-1", tomorrow()));
    String json = Json.write(InvocationSamples.offer("o-1", tomorrow()));
    market.fails(
        ErrorCodes.FORBIDDEN, market.provider2, ctx -> market.offers.publishOffer(ctx, json));
    market.fails(
        ErrorCodes.FORBIDDEN, market.provider2, ctx -> market.offers.withdrawOffer(ctx, "o-1"));
    market.fails(
        ErrorCodes.FORBIDDEN, market.consumer, ctx -> market.offers.withdrawOffer(ctx, "o-1"));
  }

  @Test
  void theOwnerOrAnAdminWithdraws() {
    publish(InvocationSamples.offer("o-1", tomorrow()));
    publish(InvocationSamples.offer("o-2", tomorrow()));
    Offer withdrawn =
        Market.read(
            market.submit(market.provider, ctx -> market.offers.withdrawOffer(ctx, "o-1")),
            Offer.class);
    assertEquals(Offer.WITHDRAWN, withdrawn.status());
    assertEquals("OfferWithdrawn", market.last.stub().getEvent().getEventName());
    market.submit(market.admin, ctx -> market.offers.withdrawOffer(ctx, "o-2"));
    market.fails(
        ErrorCodes.NOT_FOUND, market.provider, ctx -> market.offers.withdrawOffer(ctx, "o-3"));
    // Publishing again reactivates one's own offer.
    assertEquals(
        Offer.ACTIVE,
        Market.read(publish(InvocationSamples.offer("o-1", tomorrow())), Offer.class).status());
  }

  @Test
  void listingsShowLiveOffersUnlessAskedForAll() {
    publish(InvocationSamples.offer("live", tomorrow()));
    publish(InvocationSamples.offer("gone", tomorrow()));
    publish(InvocationSamples.offer("soon-expired", market.now() + 10_000));
    market.submit(market.provider, ctx -> market.offers.withdrawOffer(ctx, "gone"));
    market.advance(java.time.Duration.ofMinutes(1));
    assertEquals(
        List.of("live"),
        ids(market.evaluate(market.consumer, ctx -> market.offers.listOffers(ctx, "false"))));
    assertEquals(
        List.of("gone", "live", "soon-expired"),
        ids(market.evaluate(market.consumer, ctx -> market.offers.listOffers(ctx, "true"))));
    market.fails(
        ErrorCodes.BAD_REQUEST, market.consumer, ctx -> market.offers.listOffers(ctx, "maybe"));
    market.fails(ErrorCodes.NOT_FOUND, market.consumer, ctx -> market.offers.getOffer(ctx, "nope"));
  }

  private static List<String> ids(String json) {
    return Json.read(json, new TypeReference<List<Offer>>() {}).stream()
        .map(Offer::offerId)
        .toList();
  }
}
