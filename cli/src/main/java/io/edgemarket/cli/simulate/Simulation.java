package io.edgemarket.cli.simulate;

import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.cli.market.BrokerListener;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.crypto.Identity;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One simulation: a {@link LocalMarket} with no agents of its own (broker, embedded ledger with the
 * real chaincode, settlement, verifier), the simulated providers and consumers on it, the load for
 * the duration with a progress line every 5 s, then settlement drained and the books read.
 */
public final class Simulation {
  /** Escrow each simulated consumer is credited. */
  static final long ESCROW = 20_000_000L;

  private static final Duration DRAIN = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(180);

  private final SimOptions options;
  private final PrintStream log;
  private volatile List<Call> calls = List.of();

  public Simulation(SimOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** Runs it in {@code data} (a directory of its own: the market is made there anew). */
  public SimReport run(Path data, boolean verbose) throws Exception {
    if (!verbose) {
      Quiet.logger("io.edgemarket.agent", "ERROR");
      Quiet.logger("io.edgemarket.broker", "ERROR");
    }
    long began = System.nanoTime();
    List<ProviderSpec> specs =
        Population.draw(options.providers(), options.liars(), options.seed());
    // No per-consumer ceiling on calls in flight: the open loop's own cap is what limits them.
    ConsumerLimits limits = new ConsumerLimits(0, 0);
    try (LocalMarket market =
        LocalMarket.start(
            data, BrokerListener.loopback(0), 0, LedgerKind.EMBEDDED, null, limits, log)) {
      log.println("simulate: market up at " + market.brokerUrl() + " in " + data);
      Duration offerTtl = options.duration().plus(Duration.ofMinutes(30));
      try (Fleet fleet =
              Fleet.start(market, specs, options.heartbeat(), offerTtl, options.colluding(), log);
          ConsumerLoad load =
              ConsumerLoad.start(
                  market,
                  options.consumers(),
                  ESCROW,
                  options.trust(),
                  options.samplePpm(),
                  fleet,
                  log)) {
        Identity auditor = market.dir().identity("auditor");
        Books books = new Books(market.ledgerAs(auditor));
        BrokerGauges gauges = new BrokerGauges(market.brokerUrl());
        double settledBefore = gauges.read(BrokerGauges.SETTLED);
        double rejectedBefore = gauges.read(BrokerGauges.REJECTED);
        Map<String, Long> before = books.balances();
        int linkedAtStart = fleet.linked();
        long setupSeconds = (System.nanoTime() - began) / 1_000_000_000;
        log.printf(
            "simulate: %d calls/s for %d s from %d consumers over %d providers (%d liars, churn %.2f/min)%n",
            Math.round(options.rate()),
            options.duration().toSeconds(),
            options.consumers(),
            options.providers(),
            specs.stream().filter(ProviderSpec::liar).count(),
            options.churnPerMinute());
        fleet.churn(options.churnPerMinute(), options.seed() + 1);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        long loadStart = System.nanoTime();
        progress.scheduleAtFixedRate(
            () -> progress(load, fleet, loadStart), 5, 5, TimeUnit.SECONDS);
        try {
          load.run(
              options.rate(),
              options.duration(),
              options.maxInFlight(),
              options.maxPrice(),
              options.seed() + 2,
              DRAIN);
        } finally {
          progress.shutdownNow();
        }
        double seconds = (System.nanoTime() - loadStart) / 1e9;
        List<Call> calls = load.calls();
        this.calls = calls;
        log.printf("simulate: load done (%d calls); waiting for settlement%n", calls.size());
        boolean drained = gauges.awaitSettled(SETTLE);
        Map<String, Long> after = books.balances();
        Map<String, SimProvider> byId = new HashMap<>();
        fleet.providers().forEach(p -> byId.put(p.identity().id(), p));
        long consumersPaid = 0;
        for (Identity consumer : load.identities()) {
          consumersPaid +=
              before.getOrDefault(consumer.id(), 0L) - after.getOrDefault(consumer.id(), 0L);
        }
        String brokerId = market.dir().identity("broker").id();
        SimReport.Earnings earnings = Tally.earnings(fleet.providers(), before, after);
        return new SimReport(
            new SimReport.Setup(
                options.providers(),
                (int) specs.stream().filter(ProviderSpec::liar).count(),
                options.consumers(),
                options.duration().toSeconds(),
                options.rate(),
                options.churnPerMinute(),
                options.seed(),
                options.trust().name().toLowerCase(Locale.ROOT),
                options.sample(),
                linkedAtStart,
                fleet.churnEvents(),
                setupSeconds),
            Tally.invocations(calls, load.inFlight(), seconds),
            Tally.latency(calls),
            Tally.placement(calls, byId),
            earnings,
            Tally.fraud(calls, fleet.providers(), books.disputes(), byId),
            new SimReport.Settlement(
                drained,
                Math.round(gauges.read(BrokerGauges.SETTLED) - settledBefore),
                Math.round(gauges.read(BrokerGauges.REJECTED) - rejectedBefore),
                consumersPaid,
                earnings.total(),
                after.getOrDefault(brokerId, 0L) - before.getOrDefault(brokerId, 0L),
                Books.sum(before),
                Books.sum(after),
                Books.sum(before) == Books.sum(after)));
      }
    }
  }

  /** Every call of the last run, with what the simulator knows of it (for tests). */
  List<Call> calls() {
    return calls;
  }

  private void progress(ConsumerLoad load, Fleet fleet, long loadStart) {
    List<Call> calls = load.calls();
    long ok = calls.stream().filter(Call::ok).count();
    log.printf(
        "simulate: %3d s  sent %d  ok %d  other %d  in flight %d  linked %d/%d  churned %d%n",
        (System.nanoTime() - loadStart) / 1_000_000_000,
        load.sent(),
        ok,
        calls.size() - ok,
        load.inFlight(),
        fleet.linked(),
        fleet.providers().size(),
        fleet.churnEvents());
  }
}
