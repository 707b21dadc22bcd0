package io.edgemarket.sdk;

import io.edgemarket.model.api.Location;
import io.edgemarket.model.api.Placement;
import java.time.Duration;
import java.util.List;

/**
 * Per-invocation choices. {@code maxPrice} is the most this one invocation may cost; 0 means the
 * function's own {@code maxPricePerInvocation}. {@code invocationId} is null for a fresh random id;
 * set it to retry an invocation idempotently: the client sends the ticket it signed for that id and
 * input again, and the broker answers it with the first result (running and charging nothing
 * again); another ticket with a used id (e.g. from another client, or another input) is refused
 * with {@code DUPLICATE}, so an id is never paid twice. {@code logs} asks for the function's logs
 * (what it wrote to stderr, at most 64 KiB and a marker) in {@link
 * io.edgemarket.model.api.InvocationResult#logs()}: the broker gives them only to the function's
 * owner; for anyone else's invocation they stay null. {@code waitWhenThrottled} (the default) has a
 * call the broker refuses with 429 (too many of this consumer's calls in flight, or its quota per
 * minute used) wait the broker's {@code Retry-After} and send the same ticket again, within the
 * call's timeout; false fails it at once with {@code TOO_MANY_IN_FLIGHT} or {@code QUOTA_EXCEEDED}.
 * {@code placement} steers where it runs (a preferred region, providers allowed or avoided; null:
 * wherever the market serves it best), and may ask the broker to hedge a latency-critical call
 * ({@link #hedgeAfter}).
 */
public record InvokeOptions(
    long maxPrice,
    String invocationId,
    boolean logs,
    boolean waitWhenThrottled,
    Placement placement) {

  /** Validates the fields; each message names the field. */
  public InvokeOptions {
    if (maxPrice < 0) {
      throw new IllegalArgumentException("maxPrice must not be negative: " + maxPrice);
    }
    if (invocationId != null && (invocationId.isBlank() || invocationId.length() > 128)) {
      throw new IllegalArgumentException("invocationId must be 1-128 characters");
    }
  }

  /** Options placed wherever the market serves them best. */
  public InvokeOptions(
      long maxPrice, String invocationId, boolean logs, boolean waitWhenThrottled) {
    this(maxPrice, invocationId, logs, waitWhenThrottled, null);
  }

  /** Options that wait when throttled. */
  public InvokeOptions(long maxPrice, String invocationId, boolean logs, Placement placement) {
    this(maxPrice, invocationId, logs, true, placement);
  }

  /** Options that wait when throttled, placed wherever the market serves them best. */
  public InvokeOptions(long maxPrice, String invocationId, boolean logs) {
    this(maxPrice, invocationId, logs, true, null);
  }

  /** Options that do not ask for logs and wait when throttled. */
  public InvokeOptions(long maxPrice, String invocationId) {
    this(maxPrice, invocationId, false);
  }

  /** The function's own price ceiling, a fresh invocation id, no logs, waiting when throttled. */
  public static InvokeOptions defaults() {
    return new InvokeOptions(0, null, false, true, null);
  }

  public InvokeOptions withMaxPrice(long newMaxPrice) {
    return new InvokeOptions(newMaxPrice, invocationId, logs, waitWhenThrottled, placement);
  }

  public InvokeOptions withInvocationId(String id) {
    return new InvokeOptions(maxPrice, id, logs, waitWhenThrottled, placement);
  }

  /** These options asking (or not) for the function's logs. */
  public InvokeOptions withLogs(boolean wanted) {
    return new InvokeOptions(maxPrice, invocationId, wanted, waitWhenThrottled, placement);
  }

  /**
   * These options waiting out the broker's back-pressure (429, {@code Retry-After}) within the
   * call's timeout, or (false) failing at once with its code.
   */
  public InvokeOptions withWaitWhenThrottled(boolean wait) {
    return new InvokeOptions(maxPrice, invocationId, logs, wait, placement);
  }

  /** These options preferring offers in {@code region} (others serve when none there fits). */
  public InvokeOptions withRegion(String region) {
    Placement p = placementOrAny();
    return withPlacement(
        new Placement(
            region, p.providers(), p.avoid(), p.near(), p.energy(), p.hedgeAfterMillis()));
  }

  /** These options running only on these providers (participant ids). */
  public InvokeOptions onlyOn(List<String> providerIds) {
    Placement p = placementOrAny();
    return withPlacement(
        new Placement(
            p.region(), providerIds, p.avoid(), p.near(), p.energy(), p.hedgeAfterMillis()));
  }

  /** These options never running on these providers (participant ids). */
  public InvokeOptions avoiding(List<String> providerIds) {
    Placement p = placementOrAny();
    return withPlacement(
        new Placement(
            p.region(), p.providers(), providerIds, p.near(), p.energy(), p.hedgeAfterMillis()));
  }

  /** These options saying the caller is at {@code location}: nearer offers rank ahead. */
  public InvokeOptions near(Location location) {
    Placement p = placementOrAny();
    return withPlacement(
        new Placement(
            p.region(), p.providers(), p.avoid(), location, p.energy(), p.hedgeAfterMillis()));
  }

  /** These options preferring providers that declare {@code source} ("renewable" or "grid"). */
  public InvokeOptions preferEnergy(String source) {
    Placement p = placementOrAny();
    return withPlacement(
        new Placement(
            p.region(), p.providers(), p.avoid(), p.near(), source, p.hedgeAfterMillis()));
  }

  /**
   * These options hedged (issue 12): when the first provider has not answered after {@code delay},
   * the broker also sends the call to the next matched provider and answers with whichever good
   * answer comes first. The call is charged once, the winner's receipt; the other provider is told
   * to stop and is not paid. {@code delay} is 1 ms to 60 s and must be below the function's timeout
   * (else the broker refuses the call with {@code BAD_REQUEST}); null: not hedged.
   */
  public InvokeOptions hedgeAfter(Duration delay) {
    return withPlacement(
        placementOrAny().withHedgeAfterMillis(delay == null ? null : millis(delay)));
  }

  private static long millis(Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("the hedge delay must be positive: " + delay);
    }
    return delay.toMillis() == 0 ? 1 : delay.toMillis();
  }

  /** These options with {@code newPlacement} (null: no preference). */
  public InvokeOptions withPlacement(Placement newPlacement) {
    return new InvokeOptions(maxPrice, invocationId, logs, waitWhenThrottled, newPlacement);
  }

  private Placement placementOrAny() {
    return placement == null ? new Placement(null, null, null) : placement;
  }
}
