package io.edgemarket.bench;

import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvocationResult.Settlement;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.QueryException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settlement lag, sampled: one OK answer in every {@code stride} (at most {@code maxSamples}) is
 * followed by asking the broker for that invocation ({@link EdgeMarket#invocation}, {@code GET
 * /api/v1/invocations/{id}}) every {@code pollMillis} until its settlement reads SETTLED (its
 * receipt is in a batch the ledger committed); the lag is from the answer to the first poll that
 * saw it settled, so it is late by up to one poll interval. At most 16 are followed at once, so the
 * polling adds a few requests a second to the broker, not a load of its own.
 */
final class SettlementLag implements AutoCloseable {
  private static final int MAX_PENDING = 16;

  private final EdgeMarket client;
  private final int maxSamples;
  private final int stride;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final Latencies lags = new Latencies();
  private final AtomicInteger seen = new AtomicInteger();
  private final AtomicInteger taken = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final ScheduledExecutorService poller;

  /** Follows up to {@code maxSamples} of about {@code expectedAnswers}, evenly spread. */
  SettlementLag(EdgeMarket client, int maxSamples, int expectedAnswers, long pollMillis) {
    this.client = client;
    this.maxSamples = maxSamples;
    this.stride = Math.max(1, expectedAnswers / Math.max(1, maxSamples));
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "settlement-lag");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
  }

  /** Called with every OK answer and when it came (System.nanoTime). */
  void answered(InvocationResult result, long answeredNanos) {
    if (seen.getAndIncrement() % stride != 0
        || pending.size() >= MAX_PENDING
        || taken.incrementAndGet() > maxSamples) {
      return;
    }
    pending.put(result.invocationId(), answeredNanos);
  }

  private void poll() {
    for (Map.Entry<String, Long> e : pending.entrySet()) {
      try {
        InvocationResult now = client.invocation(e.getKey());
        if (now.settlement() == Settlement.SETTLED) {
          lags.recordSinceDue(e.getValue(), System.nanoTime());
          pending.remove(e.getKey());
        } else if (now.settlement() == Settlement.REJECTED) {
          rejected.incrementAndGet();
          pending.remove(e.getKey());
        }
      } catch (QueryException | RuntimeException ex) {
        // the broker busy or restarting: ask again next time
      }
    }
  }

  /** Waits (≤ {@code timeoutMillis}) for every followed invocation to settle or be rejected. */
  void awaitAll(long timeoutMillis) throws InterruptedException {
    long giveUp = System.currentTimeMillis() + timeoutMillis;
    while (!pending.isEmpty() && System.currentTimeMillis() < giveUp) {
      Thread.sleep(50);
    }
  }

  Latencies lags() {
    return lags;
  }

  int followed() {
    return Math.min(taken.get(), maxSamples);
  }

  int rejected() {
    return rejected.get();
  }

  /** Followed but neither settled nor rejected when asked last. */
  int unresolved() {
    return pending.size();
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
