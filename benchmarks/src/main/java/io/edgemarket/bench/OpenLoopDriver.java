package io.edgemarket.bench;

import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts calls on a fixed schedule (call i is due at start + i/rate) whatever the earlier ones are
 * doing, and times each from the moment it was due, not the moment a thread got to it: a stall
 * anywhere (broker, agent, this client) shows in the latency of every call it delays, instead of
 * quietly lowering the rate as a closed loop would (coordinated omission). A call due while {@code
 * cap} calls are outstanding is not started: it fails as "overloaded".
 */
final class OpenLoopDriver implements AutoCloseable {
  /** One call that returned OK with a receipt: end to end from its due time, and agent time. */
  record Sample(long endToEndMicros, long agentMicros) {}

  /** What one window of calls came to. */
  record Window(
      List<Sample> samples,
      Map<String, Integer> refusals,
      Map<String, Integer> errors,
      int overloaded,
      int scheduled,
      double seconds) {
    int failures() {
      return overloaded
          + refusals.values().stream().mapToInt(Integer::intValue).sum()
          + errors.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final EdgeMarket client;
  private final String function;
  private final byte[] input;
  private final InvokeOptions invokeOptions;
  private final int cap;
  private final ThreadPoolExecutor pool;

  OpenLoopDriver(EdgeMarket client, String function, byte[] input, InvokeOptions options, int cap) {
    this.client = client;
    this.function = function;
    this.input = input;
    this.invokeOptions = options;
    this.cap = cap;
    // As many threads as calls may be outstanding: the SDK's invoke blocks, and a call must never
    // wait in a queue for a thread (that wait would be the client's, counted as the market's).
    this.pool = new ThreadPoolExecutor(cap, cap, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
  }

  /** When call {@code i} of a schedule started at {@code startNanos} is due. */
  static long dueNanos(long startNanos, double ratePerSecond, long i) {
    return startNanos + Math.round(i * 1e9 / ratePerSecond);
  }

  /** Runs {@code rate × seconds} calls on schedule and waits (≤ 60 s) for the last to finish. */
  Window run(double rate, long seconds) throws InterruptedException {
    int count = (int) Math.max(1, Math.round(rate * seconds));
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    Map<String, Integer> refusals = new ConcurrentHashMap<>();
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    AtomicInteger outstanding = new AtomicInteger();
    int overloaded = 0;
    long start = System.nanoTime() + 1_000_000;
    for (int i = 0; i < count; i++) {
      long due = dueNanos(start, rate, i);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      if (outstanding.get() >= cap) {
        overloaded++;
        continue;
      }
      outstanding.incrementAndGet();
      pool.execute(
          () -> {
            try {
              call(due, samples, refusals, errors);
            } finally {
              outstanding.decrementAndGet();
            }
          });
    }
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (outstanding.get() > 0 && System.nanoTime() < giveUp) {
      Thread.sleep(5);
    }
    int unfinished = outstanding.get();
    if (unfinished > 0) {
      errors.merge("UNFINISHED", unfinished, Integer::sum);
    }
    double elapsed = Math.max(seconds, (System.nanoTime() - start) / 1e9);
    return new Window(
        List.copyOf(samples), Map.copyOf(refusals), Map.copyOf(errors), overloaded, count, elapsed);
  }

  private void call(
      long due,
      ConcurrentLinkedQueue<Sample> samples,
      Map<String, Integer> refusals,
      Map<String, Integer> errors) {
    try {
      InvocationResult result = client.invoke(function, input, invokeOptions);
      long endToEnd = (System.nanoTime() - due) / 1000;
      if (result.status() == InvocationResult.Status.OK && result.receipt() != null) {
        samples.add(new Sample(endToEnd, result.receipt().usage().wallMicros()));
      } else {
        errors.merge(String.valueOf(result.status()), 1, Integer::sum);
      }
    } catch (InvocationException e) {
      // The broker said no before anything ran (4xx, or 503 with a reason): a refusal. No answer,
      // a 5xx of another kind or an answer that did not verify: an error.
      int status = e.httpStatus();
      boolean refused = (status >= 400 && status < 500) || status == 503;
      (refused ? refusals : errors).merge(e.code() + "/" + status, 1, Integer::sum);
    } catch (RuntimeException e) {
      errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
