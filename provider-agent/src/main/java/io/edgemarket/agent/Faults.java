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
  private static final Faults NONE = new Faults(0);
  private static final byte[] LIE = "(a lie) ".getBytes(StandardCharsets.UTF_8);

  private final double wrongOutputFraction;

  private Faults(double wrongOutputFraction) {
    this.wrongOutputFraction = wrongOutputFraction;
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
    return fraction == 0 ? NONE : new Faults(fraction);
  }

  /** True when this agent injects no fault at all. */
  public boolean isNone() {
    return wrongOutputFraction == 0;
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
    return isNone() ? "none" : "wrong output on " + wrongOutputFraction + " of runs";
  }
}
