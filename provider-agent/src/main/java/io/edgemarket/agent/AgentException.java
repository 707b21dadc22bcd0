package io.edgemarket.agent;

import io.edgemarket.model.ledger.ErrorCodes;

/**
 * An invocation the agent refused or could not run: carries the HTTP status and error code of the
 * answer. No receipt is signed for any of these, so nothing is charged.
 */
final class AgentException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  private AgentException(int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  static AgentException badRequest(String message) {
    return new AgentException(400, ErrorCodes.BAD_REQUEST, message, null);
  }

  static AgentException unauthenticated(String message) {
    return new AgentException(401, ErrorCodes.UNAUTHENTICATED, message, null);
  }

  static AgentException forbidden(String message) {
    return new AgentException(403, ErrorCodes.FORBIDDEN, message, null);
  }

  static AgentException tooLarge(String message) {
    return new AgentException(413, ErrorCodes.BAD_REQUEST, message, null);
  }

  /** Full or draining: the broker should place the invocation elsewhere. */
  static AgentException unavailable(String message) {
    return new AgentException(503, ErrorCodes.UNAVAILABLE, message, null);
  }

  /**
   * The broker told this agent to stop (a hedged call another provider answered first): no receipt,
   * and no fault of anyone's.
   */
  static AgentException cancelled(String message) {
    return new AgentException(409, ErrorCodes.CANCELLED, message, null);
  }

  /** The broker, asked for code, failed us. */
  static AgentException upstream(String message, Throwable cause) {
    return new AgentException(502, ErrorCodes.UNAVAILABLE, message, cause);
  }

  static AgentException internal(String message, Throwable cause) {
    return new AgentException(500, ErrorCodes.INTERNAL, message, cause);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  boolean isAgentFault() {
    return status >= 500 && status != 503;
  }
}
