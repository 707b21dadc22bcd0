package io.edgemarket.sdk;

/** A read failed: a balance, an invocation's state or a ledger record. */
public final class QueryException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public QueryException(
      String code,
      int httpStatus,
      String id,
      String transactionId,
      String message,
      Throwable cause) {
    super(code, httpStatus, id, transactionId, message, cause);
  }

  public QueryException(String code, String id, String message) {
    this(code, 0, id, null, message, null);
  }
}
