package io.edgemarket.sdk;

/**
 * Per-invocation choices. {@code maxPrice} is the most this one invocation may cost; 0 means the
 * function's own {@code maxPricePerInvocation}. {@code invocationId} is null for a fresh random id;
 * set it to retry an invocation idempotently (the broker refuses a second run of the same id with
 * {@code DUPLICATE}, so a retried id is never paid twice).
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
