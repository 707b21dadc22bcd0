package io.edgemarket.broker.market;

import static io.edgemarket.broker.market.MatcherTest.FUNCTION;
import static io.edgemarket.broker.market.MatcherTest.NOW;
import static io.edgemarket.broker.market.MatcherTest.TICKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.model.Offer;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.Location;
import io.edgemarket.model.api.Placement;
import io.edgemarket.model.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's place-aware scheduling in the matcher: a preferred region ranks first and others serve
 * only when it has nothing that fits; allow and deny lists filter; the link's measured round trip
 * outranks a slower link's at equal price; a caller that says where it is gets the nearer offer.
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
  void aPreferredEnergySourceRanksFirstAndOthersStillServe() {
    add("cheap-grid", "a", 5, "r", 0, 0, "grid");
    add("dear-green", "b", 30, "r", 0, 0, "renewable");
    add("undeclared", "c", 6, "r", 0, 0, null);
    Placement green = new Placement(null, null, null, null, "renewable");
    assertEquals(List.of("dear-green", "cheap-grid", "undeclared"), rank(green));
    assertEquals(List.of("cheap-grid", "undeclared", "dear-green"), rank(null));
    assertThrows(
        IllegalArgumentException.class, () -> new Placement(null, null, null, null, "coal"));
  }

  @Test
  void anOfferRecordWithoutEnergyReadsAsUndeclaredAndAnUnknownSourceIsRefused() {
    String written = Json.write(offer("o", "p", 1, "r", 0, 0, null));
    assertFalse(written.contains("energy"), written);
    assertEquals(null, Json.read(written, Offer.class).energy());
    String green = Json.write(offer("o", "p", 1, "r", 0, 0, "renewable"));
    assertEquals("renewable", Json.read(green, Offer.class).energy());
    assertThrows(
        IllegalArgumentException.class,
        () -> Json.read(green.replace("renewable", "coal"), Offer.class));
  }

  @Test
  void roundTripsWithinASiteDoNotOutweighPrice() {
    add("cheaper", "a", 9, "r");
    add("snappier", "b", 10, "r");
    add("newcomer", "c", 11, "r");
    book.stats("a").linkRoundTrip(900_000L);
    book.stats("b").linkRoundTrip(200_000L);
    assertEquals(List.of("cheaper", "snappier", "newcomer"), rank(null));
  }

  @Test
  void aCallerThatSaysWhereItIsGetsTheNearerOfferAtEqualTerms() {
    add("paris", "a", 10, "r", 48_856_600, 2_352_200);
    add("tokyo", "b", 10, "r", 35_676_200, 139_650_300);
    add("nowhere", "c", 10, "r", 0, 0);
    Location berlin = Location.parse("52.52,13.405");
    Location osaka = Location.parse("34.69,135.50");
    assertEquals(
        List.of("paris", "tokyo", "nowhere"), rank(new Placement(null, null, null, berlin)));
    assertEquals(
        List.of("tokyo", "paris", "nowhere"), rank(new Placement(null, null, null, osaka)));
    // Distance is one term among others: a much cheaper offer far away still wins.
    add("cheap-tokyo", "d", 1, "r", 35_676_200, 139_650_300);
    assertEquals("cheap-tokyo", rank(new Placement(null, null, null, berlin)).get(0));
  }

  @Test
  void locationsParseFromDegreesAndMeasureGreatCircles() {
    Location paris = Location.parse("48.8566, 2.3522");
    assertEquals(48_856_600, paris.latitudeE6());
    assertEquals(344, Math.round(paris.kmTo(51_507_400, -127_800)), "Paris to London, km");
    assertThrows(IllegalArgumentException.class, () -> Location.parse("91,0"));
    assertThrows(IllegalArgumentException.class, () -> Location.parse("north"));
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
    add(id, provider, price, region, 0, 0);
  }

  private void add(
      String id, String provider, long price, String region, long latitudeE6, long longitudeE6) {
    add(id, provider, price, region, latitudeE6, longitudeE6, null);
  }

  private void add(
      String id,
      String provider,
      long price,
      String region,
      long latitudeE6,
      long longitudeE6,
      String energy) {
    offers.add(offer(id, provider, price, region, latitudeE6, longitudeE6, energy));
    book.replaceAll(offers);
    book.heartbeat(new Heartbeat(provider, id, null, 0, 8, 1000, 512, false, NOW));
  }

  private static Offer offer(
      String id,
      String provider,
      long price,
      String region,
      long latitudeE6,
      long longitudeE6,
      String energy) {
    return new Offer(
        id,
        provider,
        "http://x",
        region,
        latitudeE6,
        longitudeE6,
        1000,
        512,
        8,
        List.of("wasm"),
        List.of(),
        price,
        0,
        NOW + 60_000,
        Offer.ACTIVE,
        NOW,
        0L,
        energy);
  }
}
