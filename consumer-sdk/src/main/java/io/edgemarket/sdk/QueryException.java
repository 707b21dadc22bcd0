package io.edgemarket.sdk;

/** A read failed: a balance, an invocation's state or a ledger record. */
public final class QueryException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public QueryException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
