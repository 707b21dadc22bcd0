package io.edgemarket.sdk;

import java.time.Duration;

/**
 * The terms of an HTTP route's grant ({@link EdgeMarket#createRoute}): at most {@code maxCalls}
 * calls, {@code maxSpend} in all and {@code maxPricePerCall} a call (null: the function's own
 * maximum price per invocation), for {@code validFor} from now. The ledger pays nothing beyond
 * them, whoever holds the key.
 */
public record RouteOptions(long maxCalls, long maxSpend, Long maxPricePerCall, Duration validFor) {
  /** 1000 calls, 1,000,000 in all, the function's price ceiling per call, for 30 days. */
  public static RouteOptions defaults() {
    return new RouteOptions(1_000, 1_000_000, null, Duration.ofDays(30));
  }

  public RouteOptions {
    if (maxCalls < 1) {
      throw new IllegalArgumentException("maxCalls must be at least 1: " + maxCalls);
    }
    if (maxSpend < 1) {
      throw new IllegalArgumentException("maxSpend must be at least 1: " + maxSpend);
    }
    if (maxPricePerCall != null && maxPricePerCall < 0) {
      throw new IllegalArgumentException("maxPricePerCall must not be negative");
    }
    if (validFor == null || validFor.isNegative() || validFor.isZero()) {
      throw new IllegalArgumentException("validFor must be positive");
    }
  }

  public RouteOptions withMaxCalls(long n) {
    return new RouteOptions(n, maxSpend, maxPricePerCall, validFor);
  }

  public RouteOptions withMaxSpend(long n) {
    return new RouteOptions(maxCalls, n, maxPricePerCall, validFor);
  }

  public RouteOptions withMaxPricePerCall(long n) {
    return new RouteOptions(maxCalls, maxSpend, n, validFor);
  }

  public RouteOptions withValidFor(Duration d) {
    return new RouteOptions(maxCalls, maxSpend, maxPricePerCall, d);
  }
}
