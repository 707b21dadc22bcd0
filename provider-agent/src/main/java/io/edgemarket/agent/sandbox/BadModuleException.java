package io.edgemarket.agent.sandbox;

/**
 * A module was refused at load time: it does not parse or validate, or it breaks the function ABI
 * (imports other than WASI preview1 functions, no {@code _start} or {@code memory} export). Kept
 * distinct from a function error because it is the publisher's fault, known before any run.
 */
public final class BadModuleException extends Exception {

  private static final long serialVersionUID = 1L;

  public BadModuleException(String message) {
    super(message);
  }

  public BadModuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
