package io.edgemarket.sdk;

/** Deploying a function failed: the module upload or its registration on the ledger. */
public final class DeployException extends EdgeMarketException {
  private static final long serialVersionUID = 1L;

  public DeployException(
      String code,
      int httpStatus,
      String id,
      String transactionId,
      String message,
      Throwable cause) {
    super(code, httpStatus, id, transactionId, message, cause);
  }

  public DeployException(String code, String id, String message) {
    this(code, 0, id, null, message, null);
  }
}
