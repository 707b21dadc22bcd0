package io.edgemarket.agent;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults an agent injects on purpose, for tests and the load and fault harness only: a way to have
 * a provider lie through the real protocol (it signs a receipt over the wrong output, as a cheating
 * provider would), so that the market's checks are tested against the real thing rather than a
 * mocked broker. An agent built without {@link ProviderAgentBuilder#faults} has none, and no CLI
 * option of normal use sets any.
 */
public final class Faults {
  private static final Faults NONE = new Faults(0, false, 0);
  private static final byte[] LIE = "(a lie) ".getBytes(StandardCharsets.UTF_8);

  private final double wrongOutputFraction;
  private final boolean dropsLink;
  private final long holdMillis;

  private Faults(double wrongOutputFraction, boolean dropsLink, long holdMillis) {
    this.wrongOutputFraction = wrongOutputFraction;
    this.dropsLink = dropsLink;
    this.holdMillis = holdMillis;
  }

  /** An honest agent. */
  public static Faults none() {
    return NONE;
  }

  /**
   * An agent that, on {@code fraction} of its runs (0 to 1, chosen at random), returns other bytes
   * than the function wrote and signs its receipt over them.
   */
  public static Faults wrongOutput(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("a fault fraction is between 0 and 1: " + fraction);
    }
    return fraction == 0 ? NONE : new Faults(fraction, false, 0);
  }

  /**
   * An agent that drops its link (the TCP connection, without a closing handshake) while each
   * invocation that arrives on it runs, {@value #DROP_AFTER_MILLIS} ms after it started: a provider
   * whose network fails mid-call. It reconnects as after any failure.
   */
  public static Faults dropLinkMidCall() {
    return new Faults(0, true, 0);
  }

  /**
   * An agent that holds each answer on its link for {@code hold} after the run is signed: a broker
   * killed meanwhile never hears it, as one killed while answers are on the wire (issue 16).
   */
  public static Faults holdAnswers(java.time.Duration hold) {
    if (hold.isNegative() || hold.isZero()) {
      throw new IllegalArgumentException("a hold is positive: " + hold);
    }
    return new Faults(0, false, hold.toMillis());
  }

  /** How long after an invocation arrives a link-dropping agent drops its link. */
  public static final long DROP_AFTER_MILLIS = 100;

  /** True when this agent injects no fault at all. */
  public boolean isNone() {
    return wrongOutputFraction == 0 && !dropsLink && holdMillis == 0;
  }

  /** Waits as long as this agent holds its answers (not at all for most). */
  void holdAnswer() {
    if (holdMillis > 0) {
      try {
        Thread.sleep(holdMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** True when this agent drops its link while invocations run. */
  public boolean dropsLink() {
    return dropsLink;
  }

  public double wrongOutputFraction() {
    return wrongOutputFraction;
  }

  /** The output the agent reports for a run that produced {@code output}. */
  byte[] output(byte[] output) {
    if (wrongOutputFraction == 0
        || wrongOutputFraction < 1
            && ThreadLocalRandom.current().nextDouble() >= wrongOutputFraction) {
      return output;
    }
    byte[] wrong = new byte[LIE.length + output.length];
    System.arraycopy(LIE, 0, wrong, 0, LIE.length);
    System.arraycopy(output, 0, wrong, LIE.length, output.length);
    return wrong;
  }

  @Override
  public String toString() {
    if (dropsLink) {
      return "drops its link mid-call";
    }
    if (holdMillis > 0) {
      return "holds answers " + holdMillis + " ms";
    }
    return isNone() ? "none" : "wrong output on " + wrongOutputFraction + " of runs";
  }
}
