package io.edgemarket.sdk;

/**
 * An audit could not be completed (the ledger could not be read). Discrepancies found in the ledger
 * are not exceptions: they are reported in {@link AuditReport}.
 */
public final class AuditException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public AuditException(
      String code,
      int httpStatus,
      String id,
      String transactionId,
      String message,
      Throwable cause) {
    super(code, httpStatus, id, transactionId, message, cause);
  }

  public AuditException(String code, String id, String message) {
    this(code, 0, id, null, message, null);
  }
}
