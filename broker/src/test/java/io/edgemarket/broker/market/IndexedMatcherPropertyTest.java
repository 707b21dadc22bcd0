package io.edgemarket.broker.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.Heartbeat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The indexed matcher against the one-pass {@link ReferenceMatcher} on random books: thousands of
 * offers from hundreds of providers with random prices (few distinct ones, so scores tie, and wide
 * ones, past the exact price buckets), regions, runtimes, memory, stakes, loads, reputations,
 * latencies, disputes and suspicions; then offers added, changed, re-owned, withdrawn and dropped,
 * heartbeats, dispatches starting and ending, agents unlinked and going silent as the clock moves.
 * After every round of changes, random invocations must get exactly the reference's offers in the
 * reference's order.
 */
class IndexedMatcherPropertyTest {
  private static final List<String> RUNTIMES = List.of("wasm", "oci");
  private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final OfferBook book = new OfferBook(clock::get);
  private final Matcher matcher = new Matcher(book);
  private final ReferenceMatcher reference = new ReferenceMatcher(book);
  private final List<Offer> ledger = new ArrayList<>();
  private final List<LiveOffer> dispatched = new ArrayList<>();
  private Random random;
  private int providers;
  private int nextOffer;
  private int compared;
  private int nonEmpty;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void ranksExactlyAsOnePassOverTheBook(long seed) {
    random = new Random(seed);
    providers = 20 + random.nextInt(600);
    int size = 1000 + random.nextInt(3000);
    for (int i = 0; i < size; i++) {
      ledger.add(randomOffer());
    }
    book.replaceAll(ledger);
    for (Offer offer : ledger) {
      if (random.nextInt(10) > 0) {
        beat(offer);
      }
    }
    for (int round = 0; round < 40; round++) {
      int changes = random.nextInt(300);
      for (int i = 0; i < changes; i++) {
        change();
      }
      for (int q = 0; q < 40; q++) {
        compare();
      }
    }
    assertTrue(nonEmpty > compared / 4, "most invocations found offers: " + nonEmpty);
  }

  private void compare() {
    String runtime = random.nextInt(20) == 0 ? "none" : pick(RUNTIMES);
    long maxPrice = pick(List.of(30L, 60L, 100L, 1_000L, 1_000_000L, 1L + random.nextInt(5000)));
    long memory = (long) pick(List.of(0, 64, 256, 1024, 3000, 8192)) << 20;
    long minStake = random.nextInt(4) == 0 ? random.nextInt(100) : 0;
    FunctionSpec function =
        new FunctionSpec(
            "c/f",
            "f",
            "c",
            "d".repeat(64),
            runtime,
            memory,
            1000,
            TrustLevel.RECEIPT,
            pick(List.of(maxPrice, maxPrice / 2, 1_000_000L)),
            0,
            null,
            minStake);
    InvocationTicket ticket =
        new InvocationTicket("i", "c", "b", "c/f", "d".repeat(64), "00", "x", maxPrice, 0, 1, "s");
    int k = 1 + random.nextInt(6);
    List<LiveOffer> expected = reference.rank(function, ticket, k);
    List<LiveOffer> actual = matcher.rank(function, ticket, k);
    assertEquals(ids(expected), ids(actual), function + " " + ticket + " k=" + k);
    for (int i = 0; i < expected.size(); i++) {
      assertTrue(expected.get(i) == actual.get(i), "the very offers of the book");
    }
    assertEquals(reference.offersRuntime(runtime), matcher.offersRuntime(runtime), runtime);
    compared++;
    nonEmpty += expected.isEmpty() ? 0 : 1;
  }

  private void change() {
    int what = random.nextInt(100);
    Offer some = ledger.get(random.nextInt(ledger.size()));
    if (what < 30) {
      beat(some);
    } else if (what < 35) {
      book.unlinked(some.offerId());
    } else if (what < 50) {
      LiveOffer live = find(some.offerId());
      if (live != null) {
        live.begin();
        dispatched.add(live);
      }
    } else if (what < 62 && !dispatched.isEmpty()) {
      dispatched.remove(random.nextInt(dispatched.size())).end();
    } else if (what < 72) {
      ProviderStats stats = book.stats(some.providerId());
      switch (random.nextInt(4)) {
        case 0 -> stats.success(pick(List.of(1_000_000L, 5_000_000L, 20_000_000L)));
        case 1 -> stats.fault(clock.get(), pick(List.of(0L, 1_000L, 30_000L)));
        case 2 -> stats.disputesLost(random.nextInt(2));
        default -> stats.success(1_000_000L + random.nextInt(50_000_000));
      }
    } else if (what < 78) {
      Offer fresh = randomOffer();
      ledger.add(fresh);
      book.upsert(fresh);
      beat(fresh);
    } else if (what < 86) {
      Offer changed = vary(some);
      ledger.set(ledger.indexOf(some), changed);
      book.upsert(changed);
    } else if (what < 88) {
      Offer withdrawn = some.withStatus(Offer.WITHDRAWN, clock.get());
      ledger.set(ledger.indexOf(some), withdrawn);
      book.upsert(withdrawn);
    } else if (what < 90) {
      if (random.nextBoolean()) {
        Collections.shuffle(ledger, random);
      }
      for (int i = random.nextInt(20); i > 0 && ledger.size() > 100; i--) {
        ledger.remove(random.nextInt(ledger.size()));
      }
      book.replaceAll(ledger);
    } else {
      clock.addAndGet(random.nextInt(2500));
    }
  }

  private Offer randomOffer() {
    String provider = "p" + random.nextInt(providers);
    long price =
        random.nextInt(3) == 0 ? 200 + random.nextInt(4000) : pick(List.of(10L, 20L, 25L, 50L));
    List<String> runtimes =
        switch (random.nextInt(5)) {
          case 0 -> List.of("oci");
          case 1 -> List.of("wasm", "oci");
          default -> List.of("wasm");
        };
    return new Offer(
        "o" + nextOffer++,
        provider,
        "http://x",
        pick(REGIONS),
        0,
        0,
        1000,
        pick(List.of(64L, 512L, 1024L, 4096L, 16384L)),
        pick(List.of(1, 2, 4, 8)),
        runtimes,
        List.of(),
        price,
        0,
        clock.get() + 20_000 + random.nextInt(200_000),
        Offer.ACTIVE,
        clock.get(),
        (long) pick(List.of(0, 0, 10, 50, 100)));
  }

  /** The same offer id with another price, memory, runtimes, concurrency or owner. */
  private Offer vary(Offer o) {
    Offer other = randomOffer();
    nextOffer--;
    return new Offer(
        o.offerId(),
        random.nextInt(8) == 0 ? other.providerId() : o.providerId(),
        o.endpoint(),
        o.region(),
        0,
        0,
        o.cpuMillis(),
        random.nextBoolean() ? other.memoryMb() : o.memoryMb(),
        random.nextBoolean() ? other.maxConcurrency() : o.maxConcurrency(),
        random.nextBoolean() ? other.runtimes() : o.runtimes(),
        List.of(),
        random.nextBoolean() ? other.pricePerInvocation() : o.pricePerInvocation(),
        0,
        random.nextBoolean() ? other.expiresAt() : o.expiresAt(),
        o.status(),
        clock.get(),
        random.nextBoolean() ? other.stake() : o.stake());
  }

  private void beat(Offer offer) {
    int max = random.nextInt(4) == 0 ? 0 : pick(List.of(1, 2, 4, 8));
    String sender = random.nextInt(30) == 0 ? "p-other" : offer.providerId();
    book.heartbeat(
        new Heartbeat(
            sender,
            offer.offerId(),
            "http://x",
            random.nextInt(1 + Math.max(max, 1)),
            max,
            1000,
            512,
            random.nextInt(25) == 0,
            clock.get()));
  }

  private LiveOffer find(String offerId) {
    for (LiveOffer live : book.snapshot()) {
      if (live.offer().offerId().equals(offerId)) {
        return live;
      }
    }
    return null;
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static List<String> ids(List<LiveOffer> ranked) {
    return ranked.stream().map(l -> l.offer().offerId()).toList();
  }
}
