package io.edgemarket.sdk;

/**
 * An audit could not be completed (the ledger could not be read). Discrepancies found in the ledger
 * are not exceptions: they are reported in {@link AuditReport}.
 */
public final class AuditException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public AuditException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
