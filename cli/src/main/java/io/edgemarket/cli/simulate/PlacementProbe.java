package io.edgemarket.cli.simulate;

import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.market.Matcher;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Role;
import io.edgemarket.model.TrustLevel;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code simulate --placement-only}: the broker's own {@link OfferBook} and {@link Matcher} with
 * one live offer per simulated provider (the same population, prices and loads), without links,
 * ledger or load: what the broker's placement costs at 10k or 100k offers, which a full simulation
 * cannot reach on one machine. As the benchmarks' MatchBench, with the population's prices.
 */
public final class PlacementProbe {
  /** The figures, in microseconds and milliseconds. */
  public record Figures(
      int offers,
      double loadBookMs,
      double heartbeatAllMs,
      int ranks,
      double rankP50Micros,
      double rankP99Micros,
      double shareOnCheapestTenth) {}

  private PlacementProbe() {}

  public static Figures measure(int providers, long seed, int ranks) {
    long now = System.currentTimeMillis();
    long[] clock = {now};
    OfferBook book = new OfferBook(() -> clock[0]);
    List<ProviderSpec> specs = Population.draw(providers, 0, seed);
    List<Offer> offers = new ArrayList<>(providers);
    for (ProviderSpec spec : specs) {
      String owner = spec.name() + "@SimMSP";
      offers.add(
          new Offer(
                  spec.name() + "-offer",
                  null,
                  "https://edge.example:8443",
                  spec.region(),
                  spec.latitudeE6(),
                  spec.longitudeE6(),
                  1000,
                  512,
                  spec.slots(),
                  List.of(FunctionSpec.RUNTIME_WASM),
                  List.of(),
                  spec.pricePerInvocation(),
                  spec.pricePerMegaFuel(),
                  now + 86_400_000L,
                  null,
                  0)
              .ownedBy(owner, now));
    }
    long t0 = System.nanoTime();
    book.replaceAll(offers);
    long t1 = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    for (int i = 0; i < offers.size(); i++) {
      Offer offer = offers.get(i);
      book.heartbeat(
          new Heartbeat(
              offer.providerId(),
              offer.offerId(),
              offer.endpoint(),
              random.nextInt(offer.maxConcurrency()),
              offer.maxConcurrency(),
              1000,
              512,
              false,
              now));
    }
    long t2 = System.nanoTime();
    CertificateAuthority ca = CertificateAuthority.create("SimMSP");
    Identity consumer = ca.enroll("consumer", Role.CONSUMER);
    Identity broker = ca.enroll("broker", Role.BROKER);
    String digest = Crypto.sha256Hex("(module)");
    FunctionSpec function =
        new FunctionSpec(
                null,
                "upper",
                null,
                digest,
                FunctionSpec.RUNTIME_WASM,
                64L << 20,
                5_000,
                TrustLevel.RECEIPT,
                1_000_000,
                0)
            .registeredBy(consumer.id(), now);
    Matcher matcher = new Matcher(book);
    long[] tenth = specs.stream().mapToLong(ProviderSpec::pricePerInvocation).sorted().toArray();
    long tenthPrice = tenth[(tenth.length - 1) / 10];
    long[] took = new long[ranks];
    int onTenth = 0;
    int warmup = Math.min(ranks, 500);
    for (int i = -warmup; i < ranks; i++) {
      InvocationTicket ticket =
          InvocationTicket.issue(
              consumer,
              "inv-" + i,
              broker.id(),
              function.functionId(),
              digest,
              "input".getBytes(StandardCharsets.UTF_8),
              1_000_000,
              now,
              now + 3_600_000);
      long began = System.nanoTime();
      List<LiveOffer> ranked = matcher.rank(function, ticket, InvocationService.MAX_ATTEMPTS);
      long spent = System.nanoTime() - began;
      if (i >= 0) {
        took[i] = spent;
        if (!ranked.isEmpty() && ranked.get(0).offer().pricePerInvocation() <= tenthPrice) {
          onTenth++;
        }
      }
    }
    Arrays.sort(took);
    return new Figures(
        providers,
        Tally.round((t1 - t0) / 1e6),
        Tally.round((t2 - t1) / 1e6),
        ranks,
        Tally.round(took[Math.max(0, ranks / 2 - 1)] / 1e3),
        Tally.round(took[Math.max(0, (int) Math.ceil(ranks * 0.99) - 1)] / 1e3),
        Tally.round((double) onTenth / ranks));
  }
}
