package io.edgemarket.bench;

import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.market.LiveOffer;
import io.edgemarket.broker.market.Matcher;
import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Offer;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.testing.InvocationSamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matching one invocation against the broker's real {@link OfferBook} and {@link Matcher}: 10,000
 * or 100,000 live offers (10 per provider, random prices and loads, every agent heard from), ranked
 * for the broker's {@link InvocationService#MAX_ATTEMPTS} failover candidates. The book's clock is
 * frozen so that heartbeats never age out during the run. Sampled, so the report has p50 and p99.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatchBench {
  private static final int OFFERS_PER_PROVIDER = 10;

  @Param({"10000", "100000"})
  public int offers;

  private Matcher matcher;
  private FunctionSpec function;
  private InvocationTicket ticket;

  @Setup
  public void setUp() {
    long now = System.currentTimeMillis();
    OfferBook book = new OfferBook(() -> now);
    Random random = new Random(42);
    List<Offer> list = new ArrayList<>(offers);
    for (int i = 0; i < offers; i++) {
      String provider = "provider-" + (i / OFFERS_PER_PROVIDER) + "@BenchMSP";
      list.add(
          InvocationSamples.offer("offer-" + i, 50 + random.nextInt(100), now + 86_400_000)
              .ownedBy(provider, now));
    }
    book.replaceAll(list);
    for (Offer offer : list) {
      book.heartbeat(
          new Heartbeat(
              offer.providerId(),
              offer.offerId(),
              offer.endpoint(),
              random.nextInt(offer.maxConcurrency()),
              offer.maxConcurrency(),
              1000,
              2048,
              false,
              now));
    }
    if (book.servingOffers() != offers) {
      throw new IllegalStateException("only " + book.servingOffers() + " offers are serving");
    }
    matcher = new Matcher(book);
    CertificateAuthority ca = CertificateAuthority.create("BenchMSP");
    var consumer = ca.enroll("consumer-1", Role.CONSUMER);
    function = InvocationSamples.function("echo").registeredBy(consumer.id(), now);
    ticket =
        InvocationSamples.ticket(
            consumer,
            ca.enroll("broker", Role.BROKER),
            "inv-1",
            "echo",
            1_000_000,
            now,
            Duration.ofHours(1));
    if (rank().size() != InvocationService.MAX_ATTEMPTS) {
      throw new IllegalStateException("the matcher found too few candidates");
    }
  }

  @Benchmark
  public List<LiveOffer> rank() {
    return matcher.rank(function, ticket, InvocationService.MAX_ATTEMPTS);
  }
}
