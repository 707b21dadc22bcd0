package io.edgemarket.broker.enroll;

import io.edgemarket.model.ledger.ErrorCodes;

/** A refused token or enrollment request, with the HTTP status and code to answer with. */
public final class EnrollmentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Too many failed enrollments from one address: not an error code the ledger knows. */
  public static final String RATE_LIMITED = "RATE_LIMITED";

  private final int status;
  private final String code;

  EnrollmentException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static EnrollmentException badRequest(String message) {
    return new EnrollmentException(400, ErrorCodes.BAD_REQUEST, message);
  }

  /** One message for unknown, used and expired tokens alike, so that tokens cannot be probed. */
  static EnrollmentException badToken() {
    return new EnrollmentException(
        401, ErrorCodes.UNAUTHENTICATED, "the enrollment token is not valid");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
