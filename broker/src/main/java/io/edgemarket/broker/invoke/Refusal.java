package io.edgemarket.broker.invoke;

import io.edgemarket.model.ledger.ErrorCodes;

/**
 * Why the broker did not answer an invocation with a result: the request was refused, or no
 * provider could run it. Each carries the machine-readable code the consumer receives; how a
 * refusal is told over HTTP is the API's business, not the invocation path's.
 */
public enum Refusal {
  /** The request is unreadable or incomplete, or the ticket does not fit it. */
  MALFORMED(ErrorCodes.BAD_REQUEST),
  /** The input exceeds the payload limit. */
  TOO_LARGE(ErrorCodes.BAD_REQUEST),
  /** The ticket's signature does not verify with the caller's key. */
  BAD_SIGNATURE(ErrorCodes.BAD_SIGNATURE),
  /** The ticket or the invocation belongs to another consumer. */
  NOT_YOURS(ErrorCodes.FORBIDDEN),
  /** No such function, or not at the ticket's digest. */
  UNKNOWN_FUNCTION(ErrorCodes.NOT_FOUND),
  /** Its owner retired the function: it takes no new invocations. */
  FUNCTION_RETIRED(ErrorCodes.FUNCTION_RETIRED),
  /** No such invocation (or it was forgotten). */
  UNKNOWN_INVOCATION(ErrorCodes.NOT_FOUND),
  /** The invocation id was used before. */
  DUPLICATE(ErrorCodes.DUPLICATE),
  /**
   * The consumer has as many invocations in flight as the broker allows one consumer; refused
   * before anything is held or the id is used, so the same ticket may be sent again.
   */
  TOO_MANY_IN_FLIGHT(ErrorCodes.TOO_MANY_IN_FLIGHT),
  /** The consumer used up its invocations per minute; refused as {@link #TOO_MANY_IN_FLIGHT}. */
  QUOTA_EXCEEDED(ErrorCodes.QUOTA_EXCEEDED),
  /** Escrow, less what unsettled invocations hold, cannot cover the ticket's maxPrice. */
  INSUFFICIENT_FUNDS(ErrorCodes.INSUFFICIENT_FUNDS),
  /** The ledger could not be read (or a balance would not stand still); try again. */
  LEDGER_UNAVAILABLE(ErrorCodes.UNAVAILABLE),
  /** No serving provider offers the function's runtime at all. */
  NO_PROVIDER(ErrorCodes.NO_PROVIDER),
  /** Providers for the runtime exist, but no live offer fits the function and ticket now. */
  NO_OFFER(ErrorCodes.UNAVAILABLE),
  /** A provider refused the request itself (bad module or input): retrying elsewhere won't help. */
  PROVIDER_REFUSED(ErrorCodes.BAD_REQUEST),
  /** Every attempted provider failed; nothing is charged. */
  PROVIDERS_FAILED(ErrorCodes.UNAVAILABLE),
  /**
   * A route was called without its key, or with a key of none of its grants: said the same way
   * whether the route exists or not.
   */
  ROUTE_KEY_REFUSED(ErrorCodes.UNAUTHENTICATED),
  /** The key is a grant's whose window has not begun or is over; or no route can have that name. */
  NO_ROUTE(ErrorCodes.NOT_FOUND),
  /** The key's grant was revoked by its consumer. */
  GRANT_REVOKED(ErrorCodes.GRANT_REVOKED),
  /** The key's grant has no calls or spend left. */
  GRANT_EXHAUSTED(ErrorCodes.GRANT_EXHAUSTED),
  /** A good receipt could not be queued for settlement; nothing is charged. */
  NOT_RECORDED(ErrorCodes.INTERNAL);

  private final String code;

  Refusal(String code) {
    this.code = code;
  }

  /** The code of {@link ErrorCodes} the consumer receives. */
  public String code() {
    return code;
  }
}
