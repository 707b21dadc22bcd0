package io.edgemarket.model.api;

import io.edgemarket.model.Receipt;

/**
 * What the broker answers about an invocation. {@code status}: PENDING (async, not done yet), OK,
 * FUNCTION_ERROR (the function failed and is paid for its metered usage) or FAILED (no provider
 * could run it; nothing is charged). {@code settlement}: PENDING, SETTLED or REJECTED.
 */
public record InvocationResult(
    String invocationId,
    String status,
    byte[] output,
    String error,
    Receipt receipt,
    long cost,
    String providerId,
    String settlement,
    String batchId) {

  public static final String PENDING = "PENDING";
  public static final String OK = "OK";
  public static final String FUNCTION_ERROR = "FUNCTION_ERROR";
  public static final String FAILED = "FAILED";
  public static final String SETTLED = "SETTLED";
  public static final String REJECTED = "REJECTED";
}
