package io.edgemarket.broker.invoke;

/**
 * An invocation refused or failed, with the HTTP status and error code the consumer receives (see
 * docs/http-api.md). Unchecked so it passes straight through to the API's error mapping.
 */
public final class InvocationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public InvocationException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
