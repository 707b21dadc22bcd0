package io.edgemarket.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The broker's meters. Invocation outcomes are counters tagged by outcome; dispatch latency (the
 * round trip to a provider) and broker overhead (everything else the broker spends on a call) are
 * separate timers, because the overhead is the figure the broker is judged by.
 */
public final class BrokerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Counter> throttled = new ConcurrentHashMap<>();
  private final Map<String, Counter> hedges = new ConcurrentHashMap<>();
  private final Map<String, Counter> firings = new ConcurrentHashMap<>();
  private final Timer dispatch;
  private final Timer overhead;
  private final Counter batches;
  private final Counter settled;
  private final Counter rejected;
  private final RecentInvocations recent = new RecentInvocations();

  /** A hedged call's second run was sent: the first had not answered within the delay. */
  public static final String HEDGE_FIRED = "fired";

  /** A hedged call was answered by the run sent as the hedge. */
  public static final String HEDGE_SECOND_WON = "second_won";

  /** A losing run of a hedged call ended (answered late, failed or stopped) and was thrown away. */
  public static final String HEDGE_LOSER_DISCARDED = "loser_discarded";

  public BrokerMetrics() {
    hedge(HEDGE_FIRED, 0);
    hedge(HEDGE_SECOND_WON, 0);
    hedge(HEDGE_LOSER_DISCARDED, 0);
    dispatch =
        Timer.builder("edgemarket.dispatch.latency")
            .description("Round trip of one dispatch to a provider agent")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    overhead =
        Timer.builder("edgemarket.broker.overhead")
            .description("Time the broker spends on an invocation besides waiting for providers")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    batches =
        Counter.builder("edgemarket.settlement.batches")
            .description("Settlement batches committed on the ledger")
            .register(registry);
    settled =
        Counter.builder("edgemarket.receipts.settled")
            .description("Receipts the ledger settled (paid)")
            .register(registry);
    rejected =
        Counter.builder("edgemarket.receipts.rejected")
            .description("Receipts the ledger refused (nothing paid)")
            .register(registry);
  }

  /** Registers the gauges whose values live elsewhere (read at scrape time). */
  public void gauges(IntSupplier queueDepth, IntSupplier liveOffers) {
    Gauge.builder("edgemarket.settlement.queue.depth", queueDepth::getAsInt)
        .description("Receipts waiting for settlement")
        .register(registry);
    Gauge.builder("edgemarket.offers.live", liveOffers::getAsInt)
        .description("Offers that can take work now")
        .register(registry);
  }

  /**
   * Providers' and consumers' statements (issue 11) the broker kept ({@code accepted}) and refused
   * (not the sender's own, or not verifying: {@code refused}).
   */
  public <T> void statements(T book, ToDoubleFunction<T> accepted, ToDoubleFunction<T> refused) {
    // Micrometer holds the state object weakly: it must be the book itself, not a lambda.
    FunctionCounter.builder("edgemarket.statements", book, accepted)
        .description("Statements over receipts and tickets, by outcome")
        .tag("outcome", "accepted")
        .register(registry);
    FunctionCounter.builder("edgemarket.statements", book, refused)
        .description("Statements over receipts and tickets, by outcome")
        .tag("outcome", "refused")
        .register(registry);
  }

  /**
   * Counts one finished invocation, {@code latencyNanos} after it started: OK, FUNCTION_ERROR or
   * FAILED; also into the live window ({@link #recent()}), where the served ones are timed.
   */
  public void invocation(String outcome, long latencyNanos) {
    invocation(outcome);
    recent.ended(!"FAILED".equals(outcome), latencyNanos);
  }

  /** What ended in the last few seconds, for the live market view. */
  public RecentInvocations recent() {
    return recent;
  }

  private void invocation(String outcome) {
    outcomes
        .computeIfAbsent(
            outcome,
            o ->
                Counter.builder("edgemarket.invocations")
                    .description("Invocations by outcome")
                    .tag("outcome", o)
                    .register(registry))
        .increment();
  }

  /**
   * Counts one invocation refused with 429 before anything was held or run, by reason: {@code
   * in_flight} (the consumer's limit of invocations at once) or {@code quota} (its invocations per
   * minute).
   */
  public void throttled(String reason) {
    throttled
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("edgemarket.invocations.throttled")
                    .description("Invocations refused with 429 (nothing held or run), by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  /**
   * Counts hedges (issue 12), {@code edgemarket_hedges_total}: {@link #HEDGE_FIRED} (a second run
   * was sent), {@link #HEDGE_SECOND_WON} (the second run's answer was the one taken) and {@link
   * #HEDGE_LOSER_DISCARDED} (a losing run's end, whatever it was, thrown away: never queued).
   */
  public void hedge(String outcome) {
    hedge(outcome, 1);
  }

  private void hedge(String outcome, double amount) {
    hedges
        .computeIfAbsent(
            outcome,
            o ->
                Counter.builder("edgemarket.hedges")
                    .description("Hedged invocations: second runs sent, and those that won")
                    .tag("outcome", o)
                    .register(registry))
        .increment(amount);
  }

  /**
   * Counts one trigger firing (issue 12), {@code edgemarket_trigger_firings_total}: by {@code kind}
   * ({@code route}, {@code cron}, {@code chain}, {@code mqtt}) and {@code outcome} ({@code ok}: it
   * ran; {@code refused}: its grant or route refused it, nothing ran; {@code failed}: nothing could
   * run it; for a chain also {@code skipped}: the upstream's output did not meet the condition).
   */
  public void triggerFiring(String kind, String outcome) {
    firings
        .computeIfAbsent(
            kind + "/" + outcome,
            k ->
                Counter.builder("edgemarket.trigger.firings")
                    .description("Trigger firings by kind and outcome")
                    .tag("kind", kind)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  public void dispatched(long nanos) {
    dispatch.record(Duration.ofNanos(nanos));
  }

  public void overhead(long nanos) {
    overhead.record(Duration.ofNanos(Math.max(0, nanos)));
  }

  public void batch(int settledCount, int rejectedCount) {
    batches.increment();
    settled.increment(settledCount);
    rejected.increment(rejectedCount);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
