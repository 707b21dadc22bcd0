package io.edgemarket.broker.market;

import static io.edgemarket.broker.market.MatcherTest.FUNCTION;
import static io.edgemarket.broker.market.MatcherTest.NOW;
import static io.edgemarket.broker.market.MatcherTest.TICKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.Placement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's place-aware scheduling in the matcher: a preferred region ranks first and others serve
 * only when it has nothing that fits; allow and deny lists filter; the link's measured round trip
 * outranks a slower link's at equal price.
 */
class PlacementMatcherTest {
  private final OfferBook book = new OfferBook(() -> NOW);
  private final Matcher matcher = new Matcher(book);
  private final List<Offer> offers = new ArrayList<>();

  @Test
  void thePreferredRegionRanksFirstEvenWhenDearerAndOthersStillServe() {
    add("cheap-far", "a", 5, "us-east");
    add("dear-near", "b", 35, "eu-west");
    add("mid-far", "c", 20, "ap-south");
    assertEquals(List.of("cheap-far", "mid-far", "dear-near"), rank(null));
    assertEquals(
        List.of("dear-near", "cheap-far", "mid-far"), rank(new Placement("EU-West", null, null)));
    assertEquals(
        List.of("cheap-far", "mid-far", "dear-near"),
        rank(new Placement("mars", null, null)),
        "nothing in the region: the usual order");
  }

  @Test
  void allowAndDenyListsFilterProviders() {
    add("a1", "a", 5, "r");
    add("b1", "b", 10, "r");
    add("c1", "c", 15, "r");
    assertEquals(List.of("b1", "c1"), rank(new Placement(null, List.of("b", "c"), null)));
    assertEquals(List.of("a1", "c1"), rank(new Placement(null, null, List.of("b"))));
    assertEquals(List.of("c1"), rank(new Placement(null, List.of("b", "c"), List.of("b"))));
    assertEquals(List.of(), rank(new Placement(null, List.of("nobody"), null)));
  }

  @Test
  void aShorterLinkRoundTripWinsAtEqualPrice() {
    add("slow", "a", 10, "r");
    add("fast", "b", 10, "r");
    book.stats("a").linkRoundTrip(60_000_000L);
    book.stats("b").linkRoundTrip(2_000_000L);
    assertEquals(List.of("fast", "slow"), rank(null));
    // The dispatch round trip is used only without a link measurement.
    book.stats("b").success(500_000_000L);
    assertEquals(List.of("fast", "slow"), rank(null));
  }

  @Test
  void malformedPlacementsAreRefusedWithTheirField() {
    assertEquals(
        "placement.region must be 1-64 characters",
        assertThrows(IllegalArgumentException.class, () -> new Placement(" ", null, null))
            .getMessage());
    List<String> many = Collections.nCopies(Placement.MAX_PROVIDERS + 1, "p");
    assertEquals(
        "placement.avoid holds at most 64 providers",
        assertThrows(IllegalArgumentException.class, () -> new Placement(null, null, many))
            .getMessage());
  }

  private List<String> rank(Placement placement) {
    return matcher.rank(FUNCTION, TICKET, placement, 3).stream()
        .map(l -> l.offer().offerId())
        .toList();
  }

  private void add(String id, String provider, long price, String region) {
    offers.add(
        new Offer(
            id,
            provider,
            "http://x",
            region,
            0,
            0,
            1000,
            512,
            8,
            List.of("wasm"),
            List.of(),
            price,
            0,
            NOW + 60_000,
            Offer.ACTIVE,
            NOW));
    book.replaceAll(offers);
    book.heartbeat(new Heartbeat(provider, id, null, 0, 8, 1000, 512, false, NOW));
  }
}
