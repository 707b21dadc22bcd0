package io.edgemarket.sdk;

/**
 * Waiting for an invocation's settlement failed: the receipt was rejected or the wait timed out.
 */
public final class SettlementException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public SettlementException(
      String code,
      int httpStatus,
      String id,
      String transactionId,
      String message,
      Throwable cause) {
    super(code, httpStatus, id, transactionId, message, cause);
  }

  public SettlementException(String code, String id, String message) {
    this(code, 0, id, null, message, null);
  }
}
