package io.edgemarket.sdk;

import io.edgemarket.model.api.Placement;

/**
 * Per-invocation choices. {@code maxPrice} is the most this one invocation may cost; 0 means the
 * function's own {@code maxPricePerInvocation}. {@code invocationId} is null for a fresh random id;
 * set it to retry an invocation idempotently: the client sends the ticket it signed for that id and
 * input again, and the broker answers it with the first result (running and charging nothing
 * again); another ticket with a used id (e.g. from another client, or another input) is refused
 * with {@code DUPLICATE}, so an id is never paid twice. {@code logs} asks for the function's logs
 * (what it wrote to stderr, at most 64 KiB and a marker) in {@link
 * io.edgemarket.model.api.InvocationResult#logs()}: the broker gives them only to the function's
 * owner; for anyone else's invocation they stay null. {@code placement} steers where it runs (a
 * preferred region, providers allowed or avoided; null: wherever the market serves it best).
 */
public record InvokeOptions(long maxPrice, String invocationId, boolean logs, Placement placement) {

  /** Validates the fields; each message names the field. */
  public InvokeOptions {
    if (maxPrice < 0) {
      throw new IllegalArgumentException("maxPrice must not be negative: " + maxPrice);
    }
    if (invocationId != null && (invocationId.isBlank() || invocationId.length() > 128)) {
      throw new IllegalArgumentException("invocationId must be 1-128 characters");
    }
  }

  /** Options that do not ask for logs. */
  public InvokeOptions(long maxPrice, String invocationId) {
    this(maxPrice, invocationId, false, null);
  }

  /** Options placed wherever the market serves them best. */
  public InvokeOptions(long maxPrice, String invocationId, boolean logs) {
    this(maxPrice, invocationId, logs, null);
  }

  /** The function's own price ceiling, a fresh invocation id, no logs. */
  public static InvokeOptions defaults() {
    return new InvokeOptions(0, null, false, null);
  }

  public InvokeOptions withMaxPrice(long newMaxPrice) {
    return new InvokeOptions(newMaxPrice, invocationId, logs, placement);
  }

  public InvokeOptions withInvocationId(String id) {
    return new InvokeOptions(maxPrice, id, logs, placement);
  }

  /** These options asking (or not) for the function's logs. */
  public InvokeOptions withLogs(boolean wanted) {
    return new InvokeOptions(maxPrice, invocationId, wanted, placement);
  }

  /** These options preferring offers in {@code region} (others serve when none there fits). */
  public InvokeOptions withRegion(String region) {
    Placement p = placementOrAny();
    return withPlacement(new Placement(region, p.providers(), p.avoid()));
  }

  /** These options running only on these providers (participant ids). */
  public InvokeOptions onlyOn(java.util.List<String> providerIds) {
    Placement p = placementOrAny();
    return withPlacement(new Placement(p.region(), providerIds, p.avoid()));
  }

  /** These options never running on these providers (participant ids). */
  public InvokeOptions avoiding(java.util.List<String> providerIds) {
    Placement p = placementOrAny();
    return withPlacement(new Placement(p.region(), p.providers(), providerIds));
  }

  /** These options with {@code newPlacement} (null: no preference). */
  public InvokeOptions withPlacement(Placement newPlacement) {
    return new InvokeOptions(maxPrice, invocationId, logs, newPlacement);
  }

  private Placement placementOrAny() {
    return placement == null ? new Placement(null, null, null) : placement;
  }
}
