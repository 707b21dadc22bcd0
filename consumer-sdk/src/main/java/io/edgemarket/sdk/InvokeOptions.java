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
 * owner; for anyone else's invocation they stay null.
 */
public record InvokeOptions(long maxPrice, String invocationId, boolean logs) {

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
    this(maxPrice, invocationId, false);
  }

  /** The function's own price ceiling, a fresh invocation id, no logs. */
  public static InvokeOptions defaults() {
    return new InvokeOptions(0, null, false);
  }

  public InvokeOptions withMaxPrice(long newMaxPrice) {
    return new InvokeOptions(newMaxPrice, invocationId, logs);
  }

  public InvokeOptions withInvocationId(String id) {
    return new InvokeOptions(maxPrice, id, logs);
  }

  /** These options asking (or not) for the function's logs. */
  public InvokeOptions withLogs(boolean wanted) {
    return new InvokeOptions(maxPrice, invocationId, wanted);
  }
}
