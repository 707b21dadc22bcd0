package io.edgemarket.model.ledger;

/**
 * A ledger call that failed, naming the phase it failed in, the transaction id when one was
 * assigned, and a machine-readable code (one of {@link ErrorCodes}).
 */
public class LedgerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Where in a transaction's life it failed. */
  public enum Phase {
    CONNECT,
    ENDORSE,
    SUBMIT,
    COMMIT,
    EVALUATE
  }

  private final Phase phase;
  private final String code;
  private final String transactionId;

  public LedgerException(Phase phase, String code, String transactionId, String message) {
    this(phase, code, transactionId, message, null);
  }

  public LedgerException(
      Phase phase, String code, String transactionId, String message, Throwable cause) {
    super(
        phase
            + " failed ["
            + code
            + "]"
            + (transactionId == null ? "" : " tx " + transactionId)
            + ": "
            + message,
        cause);
    this.phase = phase;
    this.code = code;
    this.transactionId = transactionId;
  }

  public Phase phase() {
    return phase;
  }

  public String code() {
    return code;
  }

  public String transactionId() {
    return transactionId;
  }
}
