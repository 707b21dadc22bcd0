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
  private static final Faults NONE = new Faults(0, false);
  private static final byte[] LIE = "(a lie) ".getBytes(StandardCharsets.UTF_8);

  private final double wrongOutputFraction;
  private final boolean dropsLink;

  private Faults(double wrongOutputFraction, boolean dropsLink) {
    this.wrongOutputFraction = wrongOutputFraction;
    this.dropsLink = dropsLink;
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
    return fraction == 0 ? NONE : new Faults(fraction, false);
  }

  /**
   * An agent that drops its link (the TCP connection, without a closing handshake) while each
   * invocation that arrives on it runs, {@value #DROP_AFTER_MILLIS} ms after it started: a provider
   * whose network fails mid-call. It reconnects as after any failure.
   */
  public static Faults dropLinkMidCall() {
    return new Faults(0, true);
  }

  /** How long after an invocation arrives a link-dropping agent drops its link. */
  public static final long DROP_AFTER_MILLIS = 100;

  /** True when this agent injects no fault at all. */
  public boolean isNone() {
    return wrongOutputFraction == 0 && !dropsLink;
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
    return isNone() ? "none" : "wrong output on " + wrongOutputFraction + " of runs";
  }
}
