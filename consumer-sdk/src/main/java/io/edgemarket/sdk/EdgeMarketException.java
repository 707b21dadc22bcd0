package io.edgemarket.sdk;

/**
 * A remote operation that failed: the broker refused or could not answer, the ledger rejected a
 * transaction, or an answer failed the client's own verification. Subclasses name the phase ({@link
 * DeployException}, {@link InvocationException}, {@link QueryException}, {@link
 * SettlementException}, {@link AuditException}) so callers can catch what they can handle.
 *
 * <p>{@link #code()} is machine-readable: one of {@link io.edgemarket.model.ledger.ErrorCodes} as
 * the broker or the chaincode sent it, or one of the client-side codes below. {@link #httpStatus()}
 * is 0 when no HTTP answer was received (e.g. the broker is unreachable).
 */
public class EdgeMarketException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The client gave up waiting (a deadline passed before the awaited state was reached). */
  public static final String TIMEOUT = "TIMEOUT";

  /** An answer did not pass the client's verification (receipt, output digest, price). */
  public static final String VERIFICATION_FAILED = "VERIFICATION_FAILED";

  private final String code;
  private final int httpStatus;
  private final String id;
  private final String transactionId;

  /**
   * @param code machine-readable code
   * @param httpStatus the HTTP status of the failing answer, 0 when there was none
   * @param id the function or invocation id concerned, or null
   * @param transactionId the ledger transaction id when a ledger call failed, or null
   */
  public EdgeMarketException(
      String code,
      int httpStatus,
      String id,
      String transactionId,
      String message,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.httpStatus = httpStatus;
    this.id = id;
    this.transactionId = transactionId;
  }

  public String code() {
    return code;
  }

  /** 0 when no HTTP answer was received. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The function id (deploy) or invocation id (invoke, settlement) concerned; may be null. */
  public String id() {
    return id;
  }

  /** The ledger transaction id, when a ledger transaction failed; otherwise null. */
  public String transactionId() {
    return transactionId;
  }

  /** True when the broker could not be reached at all (connection refused, DNS, timeout). */
  public boolean isUnreachable() {
    return httpStatus == 0 && io.edgemarket.model.ledger.ErrorCodes.UNAVAILABLE.equals(code);
  }
}
