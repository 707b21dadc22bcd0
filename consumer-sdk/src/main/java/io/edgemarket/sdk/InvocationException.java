package io.edgemarket.sdk;

/**
 * An invocation failed or was refused, or its answer did not verify. A function that ran and failed
 * (status FUNCTION_ERROR) is not an exception: it is a normal result the caller inspects.
 */
public final class InvocationException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public InvocationException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
