package io.edgemarket.sdk;

/**
 * Per-invocation choices. {@code maxPrice} is the most this one invocation may cost; 0 means the
 * function's own {@code maxPricePerInvocation}. {@code invocationId} is null for a fresh random id;
 * set it to retry an invocation idempotently: the client sends the ticket it signed for that id and
 * input again, and the broker answers it with the first result (running and charging nothing
 * again); another ticket with a used id (e.g. from another client, or another input) is refused
 * with {@code DUPLICATE}, so an id is never paid twice.
 */
public record InvokeOptions(long maxPrice, String invocationId) {

  /** Validates the fields; each message names the field. */
  public InvokeOptions {
    if (maxPrice < 0) {
      throw new IllegalArgumentException("maxPrice must not be negative: " + maxPrice);
    }
    if (invocationId != null && (invocationId.isBlank() || invocationId.length() > 128)) {
      throw new IllegalArgumentException("invocationId must be 1-128 characters");
    }
  }

  /** The function's own price ceiling and a fresh invocation id. */
  public static InvokeOptions defaults() {
    return new InvokeOptions(0, null);
  }

  public InvokeOptions withMaxPrice(long newMaxPrice) {
    return new InvokeOptions(newMaxPrice, invocationId);
  }

  public InvokeOptions withInvocationId(String id) {
    return new InvokeOptions(maxPrice, id);
  }
}
