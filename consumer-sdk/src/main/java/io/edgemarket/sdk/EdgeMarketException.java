package io.edgemarket.sdk;

import io.edgemarket.model.http.Tls;
import io.edgemarket.model.ledger.ErrorCodes;
import java.util.Objects;

/**
 * A remote operation that failed: the broker refused or could not answer, the ledger rejected a
 * transaction, or an answer failed the client's own verification. Subclasses name the phase ({@link
 * DeployException}, {@link InvocationException}, {@link QueryException}, {@link
 * SettlementException}, {@link AuditException}) so callers can catch what they can handle; they
 * differ in nothing else.
 *
 * <p>{@link #code()} is machine-readable: one of {@link ErrorCodes} as the broker or the chaincode
 * sent it, or one of the client-side codes below. {@link #httpStatus()} is 0 when no HTTP answer
 * was received (e.g. the broker is unreachable). All four facts are also {@link #failure()}.
 */
public abstract class EdgeMarketException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The client gave up waiting (a deadline passed before the awaited state was reached). */
  public static final String TIMEOUT = "TIMEOUT";

  /** An answer did not pass the client's verification (receipt, output digest, price). */
  public static final String VERIFICATION_FAILED = "VERIFICATION_FAILED";

  /**
   * The invocation ran and its receipt checked out, but the broker no longer keeps its output (it
   * keeps outputs for a bounded time, e.g. across a restart): the output cannot be had, the charge
   * stands, and {@code awaitSettled} confirms it from the ledger.
   */
  public static final String OUTPUT_DROPPED = "OUTPUT_DROPPED";

  /**
   * The broker's TLS certificate did not verify against the client's trust (not issued by the
   * market CA, or not for the host dialled), or the broker does not speak TLS: nothing was sent,
   * and trying again cannot help.
   */
  public static final String BROKER_UNTRUSTED = Tls.UNTRUSTED;

  private final Failure failure;

  /**
   * @param failure what failed, machine-readably
   * @param message what failed, for people
   * @param cause the underlying exception, or null
   */
  protected EdgeMarketException(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** The code, HTTP status, id and transaction id together. */
  public Failure failure() {
    return failure;
  }

  public String code() {
    return failure.code();
  }

  /** 0 when no HTTP answer was received. */
  public int httpStatus() {
    return failure.httpStatus();
  }

  /** The function id (deploy) or invocation id (invoke, settlement) concerned; may be null. */
  public String id() {
    return failure.id();
  }

  /** The ledger transaction id, when a ledger transaction failed; otherwise null. */
  public String transactionId() {
    return failure.transactionId();
  }

  /** True when the broker could not be reached at all (connection refused, DNS, timeout). */
  public boolean isUnreachable() {
    return httpStatus() == 0 && ErrorCodes.UNAVAILABLE.equals(code());
  }
}
