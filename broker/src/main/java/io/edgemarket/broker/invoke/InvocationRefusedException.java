package io.edgemarket.broker.invoke;

/**
 * An invocation the broker refused or could not complete: the {@link Refusal} says why, the message
 * says it for people. Unchecked so that it passes from wherever the invocation path notices the
 * problem straight to the API, which answers it.
 */
public final class InvocationRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Refusal refusal;

  InvocationRefusedException(Refusal refusal, String message) {
    super(message, null, false, false);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }

  /** The machine-readable code the consumer receives. */
  public String code() {
    return refusal.code();
  }
}
