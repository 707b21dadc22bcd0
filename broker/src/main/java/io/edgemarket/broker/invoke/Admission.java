package io.edgemarket.broker.invoke;

import io.edgemarket.broker.metrics.BrokerMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Lets a consumer's new invocation in, or refuses it with 429 under {@link ConsumerLimits}: too
 * many of its invocations in flight, or its quota per minute used up. Asked before anything is held
 * or the invocation id is used, and only for tickets the broker does not know yet, so a retry of a
 * running ticket never counts twice.
 */
final class Admission {
  /** The advice of a refusal for too many in flight: a slot frees when any of them ends. */
  static final long IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

  // A bucket's tokens in units of 1/60000 of an invocation: it refills perMinute units a ms.
  private static final long UNITS_PER_TOKEN = 60_000;
  private static final int PRUNE_ABOVE = 10_000;

  private final ConsumerLimits limits;
  private final BrokerMetrics metrics;
  private final LongSupplier clock;
  private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  Admission(ConsumerLimits limits, BrokerMetrics metrics, LongSupplier clock) {
    this.limits = limits;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** One admitted invocation's place among its consumer's in flight, freed once by close. */
  final class Slot implements AutoCloseable {
    private final String consumerId;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile boolean handedOver;

    private Slot(String consumerId) {
      this.consumerId = consumerId;
    }

    /** From now on whoever runs the invocation (the async pool) closes the slot. */
    void handOver() {
      handedOver = true;
    }

    boolean handedOver() {
      return handedOver;
    }

    @Override
    public void close() {
      if (open.compareAndSet(true, false)) {
        leave(consumerId);
      }
    }
  }

  /**
   * Counts a new invocation of {@code consumerId} in flight until its slot is closed, or refuses it
   * (counting nothing) with an {@link InvocationRefusedException} that says when to try again.
   */
  Slot enter(String consumerId) {
    if (!takeSlot(consumerId)) {
      metrics.throttled("in_flight");
      throw new InvocationRefusedException(
          Refusal.TOO_MANY_IN_FLIGHT,
          consumerId
              + " has "
              + limits.maxInFlight()
              + " invocations in flight, the most this broker runs at once for one consumer;"
              + " nothing was held or run: send the same ticket again",
          IN_FLIGHT_RETRY_AFTER_SECONDS);
    }
    long waitMillis = takeToken(consumerId);
    if (waitMillis > 0) {
      leave(consumerId);
      metrics.throttled("quota");
      throw new InvocationRefusedException(
          Refusal.QUOTA_EXCEEDED,
          consumerId
              + " has used its quota of "
              + limits.perMinute()
              + " invocations per minute; nothing was held or run: send the same ticket again",
          Math.max(1, (waitMillis + 999) / 1000));
    }
    return new Slot(consumerId);
  }

  private void leave(String consumerId) {
    if (limits.maxInFlight() > 0) {
      inFlight.computeIfPresent(consumerId, (id, n) -> n <= 1 ? null : n - 1);
    }
  }

  private boolean takeSlot(String consumerId) {
    if (limits.maxInFlight() == 0) {
      return true;
    }
    boolean[] taken = {false};
    inFlight.compute(
        consumerId,
        (id, n) -> {
          int now = n == null ? 0 : n;
          if (now >= limits.maxInFlight()) {
            return n;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  /** Takes one invocation's token: 0, or how many ms until the bucket holds one again. */
  private long takeToken(String consumerId) {
    if (limits.perMinute() == 0) {
      return 0;
    }
    long now = clock.getAsLong();
    if (buckets.size() > PRUNE_ABOVE) {
      // A full bucket is a new one: forget those, so idle consumers cost nothing.
      buckets.values().removeIf(bucket -> bucket.full(now));
    }
    return buckets.computeIfAbsent(consumerId, id -> new Bucket(now)).take(now);
  }

  /** One consumer's token bucket: a minute's worth of invocations, refilled continuously. */
  private final class Bucket {
    private final long capacity = limits.perMinute() * UNITS_PER_TOKEN;
    private long units = capacity;
    private long at;

    Bucket(long now) {
      this.at = now;
    }

    synchronized long take(long now) {
      refill(now);
      if (units >= UNITS_PER_TOKEN) {
        units -= UNITS_PER_TOKEN;
        return 0;
      }
      long missing = UNITS_PER_TOKEN - units;
      return (missing + limits.perMinute() - 1) / limits.perMinute();
    }

    synchronized boolean full(long now) {
      refill(now);
      return units == capacity;
    }

    private void refill(long now) {
      long elapsed = Math.max(0, now - at);
      at = Math.max(at, now);
      units = Math.min(capacity, units + Math.min(elapsed, UNITS_PER_TOKEN) * limits.perMinute());
    }
  }
}
