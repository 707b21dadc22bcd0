package io.edgemarket.broker.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.Heartbeat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherTest {
  static final long NOW = 1_000_000;
  static final FunctionSpec FUNCTION =
      new FunctionSpec(
          "c/f", "f", "c", "d".repeat(64), "wasm", 64L << 20, 1000, TrustLevel.RECEIPT, 50, 0);
  static final InvocationTicket TICKET =
      new InvocationTicket(
          "i", "c", "b", "c/f", "d".repeat(64), "00", "x", 40, NOW, NOW + 1000, "s");

  private final OfferBook book = new OfferBook(() -> NOW);
  private final Matcher matcher = new Matcher(book);
  private final List<Offer> offers = new ArrayList<>();

  @Test
  void ranksCheaperFirstAndOneOfferPerProvider() {
    add("a1", "a", 30, 512, "wasm");
    add("a2", "a", 10, 512, "wasm");
    add("b1", "b", 20, 512, "wasm");
    add("c1", "c", 25, 512, "wasm");
    offers.forEach(this::beat);
    List<LiveOffer> ranked = matcher.rank(FUNCTION, TICKET, 3);
    assertEquals(List.of("a2", "b1", "c1"), ids(ranked));
  }

  @Test
  void skipsWhatDoesNotFit() {
    add("price-over-ticket", "a", 45, 512, "wasm");
    add("small", "b", 1, 32, "wasm");
    add("no-wasm", "c", 1, 512, "oci");
    add("fits", "d", 30, 512, "wasm");
    add("silent", "e", 1, 512, "wasm");
    offers.stream().filter(o -> !o.offerId().equals("silent")).forEach(this::beat);
    assertEquals(List.of("fits"), ids(matcher.rank(FUNCTION, TICKET, 3)));
  }

  @Test
  void suspectAndLoadedProvidersSinkAndFullOnesAreSkipped() {
    add("cheap-suspect", "a", 1, 512, "wasm");
    add("busy", "b", 2, 512, "wasm");
    add("idle", "c", 3, 512, "wasm");
    offers.forEach(this::beat);
    book.stats("a").fault(NOW, 30_000);
    LiveOffer busy = find("busy");
    for (int i = 0; i < 8; i++) {
      busy.begin();
    }
    List<String> ranked = ids(matcher.rank(FUNCTION, TICKET, 3));
    assertEquals(List.of("idle", "cheap-suspect"), ranked, "a full offer takes no work");
    busy.end();
    assertEquals(List.of("idle", "busy", "cheap-suspect"), ids(matcher.rank(FUNCTION, TICKET, 3)));
  }

  /**
   * The simulator's case: with the SDK's default ceiling of 10^6 a price of 70 against 100 weighed
   * 10^-5 and a link 4 ms slower sent every call to the dearer offer. Now the dearer is 30 % above
   * the cheapest, which outweighs 4 ms; a dearer offer still wins when the cheap one is far away.
   */
  @Test
  void priceWeighsAgainstTheCheapestOfferNotTheTicketsCeiling() {
    InvocationTicket generous =
        new InvocationTicket(
            "i", "c", "b", "c/f", "d".repeat(64), "00", "x", 1_000_000, NOW, NOW + 1000, "s");
    FunctionSpec function =
        new FunctionSpec(
            "c/f",
            "f",
            "c",
            "d".repeat(64),
            "wasm",
            64L << 20,
            1000,
            TrustLevel.RECEIPT,
            1_000_000,
            0);
    add("cheap-near", "a", 70, 512, "wasm");
    add("dear-nearer", "b", 100, 512, "wasm");
    offers.forEach(this::beat);
    book.stats("a").linkRoundTrip(5_000_000); // 5 ms: 4 beyond the same-site floor
    book.stats("b").linkRoundTrip(1_000_000);
    assertEquals(List.of("cheap-near", "dear-nearer"), ids(matcher.rank(function, generous, 2)));

    book.stats("a").linkRoundTrip(80_000_000); // 80 ms away: latency now outweighs 30 %
    assertEquals(List.of("dear-nearer", "cheap-near"), ids(matcher.rank(function, generous, 2)));
  }

  @Test
  void thePriceTermIsTheShareAboveTheCheapest() {
    PriceScale scale = new PriceScale(70);
    assertEquals(0, scale.term(70));
    assertEquals(Matcher.PRICE * 0.5, scale.term(140), 1e-12);
    assertEquals(Matcher.PRICE * 0.9, scale.term(700), 1e-12);
    assertEquals(0, new PriceScale(0).term(0));
    assertEquals(Matcher.PRICE, new PriceScale(0).term(5), 1e-12);
  }

  @Test
  void anOciFunctionIsMatchedOnlyToOffersThatRunImages() {
    FunctionSpec image =
        new FunctionSpec(
            "c/img", "img", "c", "d".repeat(64), "oci", 64L << 20, 1000, TrustLevel.RECEIPT, 50, 0);
    add("wasm-only", "a", 1, 512, "wasm");
    add("silent-oci", "b", 1, 512, "oci");
    offers.stream().filter(o -> !o.offerId().equals("silent-oci")).forEach(this::beat);
    assertEquals(List.of(), ids(matcher.rank(image, TICKET, 3)));
    assertEquals(false, matcher.offersRuntime("oci"), "an offer without heartbeats serves nobody");
    assertEquals(true, matcher.offersRuntime("wasm"));
    beat(offers.get(1));
    assertEquals(List.of("silent-oci"), ids(matcher.rank(image, TICKET, 3)));
    assertEquals(true, matcher.offersRuntime("oci"));
  }

  private void add(String id, String provider, long price, long memoryMb, String runtime) {
    offers.add(
        new Offer(
            id,
            provider,
            "http://x",
            "r",
            0,
            0,
            1000,
            memoryMb,
            8,
            List.of(runtime),
            List.of(),
            price,
            0,
            NOW + 60_000,
            Offer.ACTIVE,
            NOW));
    book.replaceAll(offers);
  }

  private void beat(Offer o) {
    book.heartbeat(new Heartbeat(o.providerId(), o.offerId(), null, 0, 8, 1000, 512, false, NOW));
  }

  private LiveOffer find(String id) {
    for (LiveOffer live : book.snapshot()) {
      if (live.offer().offerId().equals(id)) {
        return live;
      }
    }
    throw new AssertionError(id);
  }

  private static List<String> ids(List<LiveOffer> ranked) {
    return ranked.stream().map(l -> l.offer().offerId()).toList();
  }
}
