package io.edgemarket.broker.invoke;

/**
 * What the broker lets one consumer do at once, so that one consumer's burst cannot take the
 * request threads and provider slots everyone shares. A call over a limit is refused with 429 and
 * {@code Retry-After} before anything is held or run, and its ticket stays unused.
 *
 * @param maxInFlight invocations of one consumer running at once (sync and async); 0: no limit
 * @param perMinute new invocations one consumer may start per minute, as a token bucket holding a
 *     minute's worth (so a burst of that many is let through at once); 0: no quota
 */
public record ConsumerLimits(int maxInFlight, int perMinute) {
  /**
   * 64: what one consumer of {@code up}'s market is shown to run at once without a refusal (cli's
   * ConcurrentCallsIT), and about a quarter of the broker's 250 request threads, each of which a
   * synchronous call holds while it runs; so no single consumer can take them all.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 64;

  /** The broker's defaults: 64 in flight per consumer, no quota per minute. */
  public static final ConsumerLimits DEFAULTS = new ConsumerLimits(DEFAULT_MAX_IN_FLIGHT, 0);

  /** Checks both limits; each message names the option. */
  public ConsumerLimits {
    if (maxInFlight < 0) {
      throw new IllegalArgumentException(
          "maxInFlightPerConsumer must not be negative (0: no limit): " + maxInFlight);
    }
    if (perMinute < 0) {
      throw new IllegalArgumentException(
          "invocationsPerMinutePerConsumer must not be negative (0: no quota): " + perMinute);
    }
  }
}
