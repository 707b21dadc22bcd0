package io.edgemarket.bridge.service;

/**
 * A pass of the bridge service that did not finish every duty: the chain's node or the ledger did
 * not answer, a payment ran out of gas, the configuration is wrong. What was done before it stays
 * done; the next pass resumes. The cause is the first failure, the others are suppressed.
 */
public final class BridgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BridgeException(String message, Throwable cause) {
    super(message, cause);
  }

  public BridgeException(String message) {
    super(message);
  }
}
