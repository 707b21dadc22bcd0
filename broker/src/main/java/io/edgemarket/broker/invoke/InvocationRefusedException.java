package io.edgemarket.broker.invoke;

/**
 * An invocation the broker refused or could not complete: the {@link Refusal} says why, the message
 * says it for people. Unchecked so that it passes from wherever the invocation path notices the
 * problem straight to the API, which answers it.
 */
public final class InvocationRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Refusal refusal;
  private final long retryAfterSeconds;

  public InvocationRefusedException(Refusal refusal, String message) {
    this(refusal, message, 0);
  }

  /** A refusal worth trying again after {@code retryAfterSeconds} (0: no such advice). */
  InvocationRefusedException(Refusal refusal, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.refusal = refusal;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Refusal refusal() {
    return refusal;
  }

  /** The machine-readable code the consumer receives. */
  public String code() {
    return refusal.code();
  }

  /** Whole seconds after which the same request may succeed; 0 when the broker gives no advice. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
