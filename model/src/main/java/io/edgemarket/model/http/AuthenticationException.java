package io.edgemarket.model.http;

/** A request whose signature, certificate, timestamp or nonce did not check out. */
public final class AuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }
}
