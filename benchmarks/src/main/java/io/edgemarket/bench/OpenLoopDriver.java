package io.edgemarket.bench;

import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.ObjLongConsumer;

/**
 * Starts calls on a schedule drawn ahead ({@link Arrivals}: call i is due at start + offset i)
 * whatever the earlier ones are doing, and times each from the moment it was due, not the moment a
 * thread got to it, into an HdrHistogram ({@link Latencies}): a stall anywhere (broker, agent, this
 * client) shows in the latency of every call it delays, instead of quietly lowering the rate as a
 * closed loop would (coordinated omission). A call due while {@code cap} calls are outstanding is
 * not started: it fails as "overloaded".
 */
final class OpenLoopDriver implements AutoCloseable {
  /** One call that returned OK with a receipt: end to end from its due time, agent time, cost. */
  record Sample(long endToEndMicros, long agentMicros, long cost) {}

  /** What one window of calls came to; {@code e2e} holds every sample's end-to-end latency. */
  record Window(
      List<Sample> samples,
      Latencies e2e,
      Map<String, Integer> refusals,
      Map<String, Integer> errors,
      int overloaded,
      int scheduled,
      double seconds) {
    int failures() {
      return overloaded + refused() + errored();
    }

    int refused() {
      return refusals.values().stream().mapToInt(Integer::intValue).sum();
    }

    int errored() {
      return errors.values().stream().mapToInt(Integer::intValue).sum();
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

  /** Runs {@code rate × seconds} calls of the fixed input on a steady schedule. */
  Window run(double rate, long seconds) throws InterruptedException {
    long[] due = Arrivals.steady(rate).schedule(seconds, new SplittableRandom(0));
    return run(due, seconds, i -> input, (result, at) -> {});
  }

  /**
   * Runs one call at each offset of {@code schedule} (nanoseconds from the start, ascending) with
   * {@code inputs.apply(i)} as call i's input, tells {@code answered} of every OK answer and when
   * it came (System.nanoTime), and waits (≤ 60 s) for the last call to finish.
   */
  Window run(
      long[] schedule,
      double seconds,
      IntFunction<byte[]> inputs,
      ObjLongConsumer<InvocationResult> answered)
      throws InterruptedException {
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    Latencies e2e = new Latencies();
    Map<String, Integer> refusals = new ConcurrentHashMap<>();
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    AtomicInteger outstanding = new AtomicInteger();
    int overloaded = 0;
    long start = System.nanoTime() + 1_000_000;
    for (int i = 0; i < schedule.length; i++) {
      long due = start + schedule[i];
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      if (outstanding.get() >= cap) {
        overloaded++;
        continue;
      }
      outstanding.incrementAndGet();
      byte[] callInput = inputs.apply(i);
      pool.execute(
          () -> {
            try {
              InvocationResult ok = call(due, callInput, samples, e2e, refusals, errors);
              if (ok != null) {
                answered.accept(ok, System.nanoTime());
              }
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
        List.copyOf(samples),
        e2e,
        Map.copyOf(refusals),
        Map.copyOf(errors),
        overloaded,
        schedule.length,
        elapsed);
  }

  /** Makes one call; returns its result when OK with a receipt, else counts why not. */
  private InvocationResult call(
      long due,
      byte[] callInput,
      ConcurrentLinkedQueue<Sample> samples,
      Latencies e2e,
      Map<String, Integer> refusals,
      Map<String, Integer> errors) {
    try {
      InvocationResult result = client.invoke(function, callInput, invokeOptions);
      long answered = System.nanoTime();
      if (result.status() == InvocationResult.Status.OK && result.receipt() != null) {
        e2e.recordSinceDue(due, answered);
        samples.add(
            new Sample(
                (answered - due) / 1000, result.receipt().usage().wallMicros(), result.cost()));
        return result;
      }
      errors.merge(String.valueOf(result.status()), 1, Integer::sum);
    } catch (InvocationException e) {
      // The broker said no before anything ran (4xx, or 503 with a reason): a refusal. No answer,
      // a 5xx of another kind or an answer that did not verify: an error.
      int status = e.httpStatus();
      boolean refused = (status >= 400 && status < 500) || status == 503;
      (refused ? refusals : errors).merge(e.code() + "/" + status, 1, Integer::sum);
    } catch (RuntimeException e) {
      errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
    }
    return null;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
