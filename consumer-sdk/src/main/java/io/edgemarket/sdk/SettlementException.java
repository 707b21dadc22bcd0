package io.edgemarket.sdk;

/**
 * Waiting for an invocation's settlement failed: the receipt was rejected or the wait timed out.
 */
public final class SettlementException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public SettlementException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
