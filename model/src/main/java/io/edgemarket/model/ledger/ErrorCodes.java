package io.edgemarket.model.ledger;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Machine-readable error codes. The chaincode puts the code at the front of its error message as
 * {@code CODE: text}, because that is the part of a chaincode error that reaches a Fabric Gateway
 * client intact; {@link #codeOf} reads it back.
 */
public final class ErrorCodes {
  public static final String BAD_REQUEST = "BAD_REQUEST";
  public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
  public static final String FORBIDDEN = "FORBIDDEN";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String ALREADY_EXISTS = "ALREADY_EXISTS";
  public static final String NOT_REGISTERED = "NOT_REGISTERED";
  public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
  public static final String BAD_SIGNATURE = "BAD_SIGNATURE";
  public static final String DUPLICATE = "DUPLICATE";
  public static final String BAD_RECEIPT = "BAD_RECEIPT";
  public static final String MERKLE_MISMATCH = "MERKLE_MISMATCH";
  public static final String MVCC_READ_CONFLICT = "MVCC_READ_CONFLICT";
  public static final String UNAVAILABLE = "UNAVAILABLE";

  /** No provider in the market offers what a function needs (e.g. its runtime): retry later. */
  public static final String NO_PROVIDER = "NO_PROVIDER";

  public static final String INTERNAL = "INTERNAL";

  /**
   * A consumer already has as many invocations in flight as the broker lets one consumer have (HTTP
   * 429 with {@code Retry-After}): nothing was held or run, the same ticket may be sent again.
   */
  public static final String TOO_MANY_IN_FLIGHT = "TOO_MANY_IN_FLIGHT";

  /**
   * A consumer used up its quota of invocations per minute at this broker (HTTP 429 with {@code
   * Retry-After}): nothing was held or run, the same ticket may be sent again.
   */
  public static final String QUOTA_EXCEEDED = "QUOTA_EXCEEDED";

  /** An account has too many unfolded credit slips to read; accounts:FoldCredits folds them. */
  public static final String FOLD_REQUIRED = "FOLD_REQUIRED";

  /** A receipt whose invocation is under dispute: it settles only as the verdict says. */
  public static final String DISPUTED = "DISPUTED";

  /** The action is valid but not yet: e.g. a consumer's transfer out before its delay passed. */
  public static final String TOO_EARLY = "TOO_EARLY";

  /**
   * The function was retired by its owner: it takes no new invocations (the broker answers 410),
   * and retiring it again is refused.
   */
  public static final String FUNCTION_RETIRED = "FUNCTION_RETIRED";

  /**
   * An agent stopped an invocation because its broker told it to (a hedged call another provider
   * answered first, on the link's {@code cancel} frame; HTTP status 409): no receipt, nothing
   * charged, and no fault of the agent's.
   */
  public static final String CANCELLED = "CANCELLED";

  /**
   * The grant a ticket was fired under was revoked by its consumer: nothing more is paid under it,
   * and revoking it again is refused.
   */
  public static final String GRANT_REVOKED = "GRANT_REVOKED";

  /** Paying this would take a grant past its {@code maxCalls} or {@code maxSpend}. */
  public static final String GRANT_EXHAUSTED = "GRANT_EXHAUSTED";

  /**
   * The request names something the ledger already recorded (a chain event, a withdrawal's payment,
   * an anchor) with other details: nothing was done. The same request with the same details is
   * answered with the first result instead.
   */
  public static final String CONFLICT = "CONFLICT";

  private static final Pattern PREFIX = Pattern.compile("\\b([A-Z][A-Z_]{2,}):");

  private ErrorCodes() {}

  /** {@code CODE: text}, the form the chaincode raises errors in. */
  public static String format(String code, String text) {
    return code + ": " + text;
  }

  /** The first {@code CODE:} in a message, or {@link #INTERNAL} when there is none. */
  public static String codeOf(String message) {
    if (message == null) {
      return INTERNAL;
    }
    Matcher matcher = PREFIX.matcher(message);
    return matcher.find() ? matcher.group(1) : INTERNAL;
  }
}
