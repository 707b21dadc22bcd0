package io.edgemarket.sdk;

/**
 * Deploying a function failed (the module upload or its registration on the ledger), or retiring
 * one did.
 */
public final class DeployException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public DeployException(Failure failure, String message, Throwable cause) {
    super(failure, message, cause);
  }
}
