package io.edgemarket.sdk;

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
 */
public record InvokeOptions(
    long maxPrice, String invocationId, boolean logs, boolean waitWhenThrottled) {

  /** Validates the fields; each message names the field. */
  public InvokeOptions {
    if (maxPrice < 0) {
      throw new IllegalArgumentException("maxPrice must not be negative: " + maxPrice);
    }
    if (invocationId != null && (invocationId.isBlank() || invocationId.length() > 128)) {
      throw new IllegalArgumentException("invocationId must be 1-128 characters");
    }
  }

  /** Options that wait when throttled. */
  public InvokeOptions(long maxPrice, String invocationId, boolean logs) {
    this(maxPrice, invocationId, logs, true);
  }

  /** Options that do not ask for logs and wait when throttled. */
  public InvokeOptions(long maxPrice, String invocationId) {
    this(maxPrice, invocationId, false);
  }

  /** The function's own price ceiling, a fresh invocation id, no logs, waiting when throttled. */
  public static InvokeOptions defaults() {
    return new InvokeOptions(0, null, false, true);
  }

  public InvokeOptions withMaxPrice(long newMaxPrice) {
    return new InvokeOptions(newMaxPrice, invocationId, logs, waitWhenThrottled);
  }

  public InvokeOptions withInvocationId(String id) {
    return new InvokeOptions(maxPrice, id, logs, waitWhenThrottled);
  }

  /** These options asking (or not) for the function's logs. */
  public InvokeOptions withLogs(boolean wanted) {
    return new InvokeOptions(maxPrice, invocationId, wanted, waitWhenThrottled);
  }

  /**
   * These options waiting out the broker's back-pressure (429, {@code Retry-After}) within the
   * call's timeout, or (false) failing at once with its code.
   */
  public InvokeOptions withWaitWhenThrottled(boolean wait) {
    return new InvokeOptions(maxPrice, invocationId, logs, wait);
  }
}
