package io.edgemarket.cli.simulate;

import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every simulated provider, and what they share so that a thousand fit in one JVM: one HTTP client
 * for all their links, and one scheduler for their heartbeats (each provider's at its own phase),
 * the churn, and the live price figures placement quality is judged against.
 */
final class Fleet implements AutoCloseable {
  /** What each provider locks behind its offer (as {@code up}'s agents do). */
  static final long STAKE = LocalMarket.DEFAULT_STAKE;

  private final List<SimProvider> providers;
  private final HttpClient http;
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          2,
          task -> {
            Thread thread = new Thread(task, "simulate-fleet");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong churned = new AtomicLong();
  private volatile long[] livePrices = new long[0];

  private Fleet(List<SimProvider> providers, HttpClient http) {
    this.providers = providers;
    this.http = http;
  }

  /**
   * Enrolls, funds and stakes each provider, publishes its offer and opens its link; returns once
   * every link is up (or after {@code timeout}, saying how many are).
   */
  static Fleet start(
      LocalMarket market,
      List<ProviderSpec> specs,
      Duration heartbeat,
      Duration offerTtl,
      boolean colluding,
      PrintStream log)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<SimProvider> providers = new ArrayList<>(specs.size());
    long began = System.nanoTime();
    for (ProviderSpec spec : specs) {
      Identity identity = market.participant(spec.name(), Role.PROVIDER, STAKE);
      SimProvider provider =
          new SimProvider(
              spec, identity, market.brokerUrl(), market.trustRoots(), http, heartbeat, colluding);
      provider.publish(market.ledgerAs(identity), STAKE, offerTtl);
      providers.add(provider);
      if (providers.size() % 100 == 0) {
        log.printf(
            "simulate: %d/%d providers enrolled, staked and offering (%d s)%n",
            providers.size(), specs.size(), (System.nanoTime() - began) / 1_000_000_000);
      }
    }
    Fleet fleet = new Fleet(providers, http);
    Random phase = new Random(specs.size());
    for (SimProvider provider : providers) {
      provider.connect();
      long every = heartbeat.toMillis();
      fleet.timer.scheduleAtFixedRate(
          provider::beat, phase.nextInt((int) every), every, TimeUnit.MILLISECONDS);
    }
    fleet.timer.scheduleAtFixedRate(fleet::refreshPrices, 0, 500, TimeUnit.MILLISECONDS);
    fleet.awaitLinked(Duration.ofSeconds(60 + providers.size() / 10), log);
    return fleet;
  }

  private void awaitLinked(Duration timeout, PrintStream log) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int linked = 0;
    while (System.nanoTime() < deadline) {
      linked = linked();
      if (linked == providers.size()) {
        // One more heartbeat round, so that the broker's book has heard from every offer.
        Thread.sleep(providers.isEmpty() ? 0 : 2_500);
        log.printf("simulate: %d providers linked to the broker%n", linked);
        return;
      }
      Thread.sleep(200);
    }
    log.printf(
        "simulate: only %d of %d providers linked after %s%n", linked, providers.size(), timeout);
  }

  int linked() {
    int up = 0;
    for (SimProvider provider : providers) {
      if (provider.linked()) {
        up++;
      }
    }
    return up;
  }

  /**
   * Churn at {@code perMinute} (a fraction of the providers per minute): each second, that many (on
   * average) linked providers drop their link and come back 5 to 20 s later.
   */
  void churn(double perMinute, long seed) {
    if (perMinute <= 0 || providers.isEmpty()) {
      return;
    }
    Random random = new Random(seed);
    double perSecond = perMinute * providers.size() / 60.0;
    timer.scheduleAtFixedRate(
        () -> {
          int count = (int) perSecond + (random.nextDouble() < perSecond % 1 ? 1 : 0);
          for (int i = 0; i < count; i++) {
            SimProvider provider = providers.get(random.nextInt(providers.size()));
            if (provider.linked()) {
              provider.disconnect();
              churned.incrementAndGet();
              timer.schedule(
                  provider::connect, 5_000 + random.nextInt(15_000), TimeUnit.MILLISECONDS);
            }
          }
        },
        1,
        1,
        TimeUnit.SECONDS);
  }

  private void refreshPrices() {
    long[] prices =
        providers.stream()
            .filter(SimProvider::linked)
            .mapToLong(p -> p.spec().pricePerInvocation())
            .sorted()
            .toArray();
    livePrices = prices;
  }

  /** The prices per invocation of the linked offers now, ascending (refreshed twice a second). */
  long[] livePrices() {
    return livePrices;
  }

  long churnEvents() {
    return churned.get();
  }

  List<SimProvider> providers() {
    return providers;
  }

  SimProvider byId(String providerId) {
    for (SimProvider provider : providers) {
      if (provider.identity().id().equals(providerId)) {
        return provider;
      }
    }
    return null;
  }

  /** Every link closes; the broker fails over whatever is in flight on them. */
  @Override
  public void close() {
    timer.shutdownNow();
    providers.forEach(SimProvider::disconnect);
    Arrays.fill(livePrices, 0);
  }
}
