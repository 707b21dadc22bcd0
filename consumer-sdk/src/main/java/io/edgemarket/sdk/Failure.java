package io.edgemarket.sdk;

import java.io.Serializable;
import java.util.Objects;

/**
 * The machine-readable facts of a failed remote operation, which every {@link EdgeMarketException}
 * carries: the code, the HTTP status (0 when no HTTP answer was received), the function or
 * invocation id concerned and the ledger transaction id. Each fact is set by name ({@code
 * Failure.of(code).id(invocationId).transactionId(txId)}), so that two strings cannot trade places
 * unnoticed. Immutable; each setter returns a new value.
 */
public final class Failure implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;
  private final String id;
  private final String transactionId;

  private Failure(String code, int httpStatus, String id, String transactionId) {
    this.code = Objects.requireNonNull(code, "code");
    this.httpStatus = httpStatus;
    this.id = id;
    this.transactionId = transactionId;
  }

  /**
   * A failure with a machine-readable code: one of {@link io.edgemarket.model.ledger.ErrorCodes},
   * or the client's own {@link EdgeMarketException#TIMEOUT} or {@link
   * EdgeMarketException#VERIFICATION_FAILED}.
   */
  public static Failure of(String code) {
    return new Failure(code, 0, null, null);
  }

  /** The HTTP status of the failing answer. */
  public Failure httpStatus(int status) {
    return new Failure(code, status, id, transactionId);
  }

  /** The function id (deploy) or invocation id (invoke, settlement) concerned. */
  public Failure id(String concerned) {
    return new Failure(code, httpStatus, concerned, transactionId);
  }

  /** The ledger transaction that failed. */
  public Failure transactionId(String ledgerTransactionId) {
    return new Failure(code, httpStatus, id, ledgerTransactionId);
  }

  public String code() {
    return code;
  }

  /** 0 when no HTTP answer was received. */
  public int httpStatus() {
    return httpStatus;
  }

  /** May be null. */
  public String id() {
    return id;
  }

  /** May be null. */
  public String transactionId() {
    return transactionId;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Failure f
        && code.equals(f.code)
        && httpStatus == f.httpStatus
        && Objects.equals(id, f.id)
        && Objects.equals(transactionId, f.transactionId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, httpStatus, id, transactionId);
  }

  @Override
  public String toString() {
    return code
        + (httpStatus == 0 ? "" : " (HTTP " + httpStatus + ")")
        + (id == null ? "" : " for " + id)
        + (transactionId == null ? "" : " in transaction " + transactionId);
  }
}
