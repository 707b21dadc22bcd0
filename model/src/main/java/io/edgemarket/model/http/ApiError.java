package io.edgemarket.model.http;

/**
 * The body of every error an EdgeMarket HTTP API returns: {@code {"error": {...}}}. {@code code} is
 * machine-readable (see ErrorCodes); phase and transactionId are set for ledger failures.
 */
public record ApiError(Body error) {

  /** What went wrong. */
  public record Body(String code, String message, String phase, String transactionId) {}

  public static ApiError of(String code, String message) {
    return new ApiError(new Body(code, message, null, null));
  }
}
