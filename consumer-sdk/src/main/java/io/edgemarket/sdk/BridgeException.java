package io.edgemarket.sdk;

/** A bridge request the ledger refused or could not take: a withdrawal or its release. */
public final class BridgeException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public BridgeException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
