package io.edgemarket.cli.simulate;

import io.edgemarket.model.TrustLevel;
import java.time.Duration;

/**
 * A simulation's settings, as {@code simulate}'s options give them.
 *
 * @param churnPerMinute the fraction of providers that drop their link per minute (each comes back
 *     5 to 20 s later)
 * @param liars the fraction of providers whose every answer is wrong
 * @param rate calls per second over all consumers (open loop)
 * @param sample the fraction of calls the broker checks (trust {@code redundant} or {@code
 *     reexecute})
 * @param heartbeat how often each provider reports its load on its link
 * @param maxInFlight calls waiting at once beyond which the open loop skips a call (counted)
 * @param colluding liars all give the same wrong answer, so two of them on one check agree
 * @param maxPrice the most each call may cost (its ticket's maxPrice); 0: the function's (the SDK's
 *     default, 1,000,000)
 */
public record SimOptions(
    int providers,
    int consumers,
    Duration duration,
    double churnPerMinute,
    double liars,
    long seed,
    double rate,
    TrustLevel trust,
    double sample,
    Duration heartbeat,
    int maxInFlight,
    boolean colluding,
    long maxPrice) {

  public SimOptions {
    require(providers >= 1, "--providers must be at least 1");
    require(consumers >= 1, "--consumers must be at least 1");
    require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
    require(
        churnPerMinute >= 0 && churnPerMinute <= 60, "--churn is a fraction per minute, 0 to 60");
    require(liars >= 0 && liars <= 1, "--liars is a fraction, 0 to 1");
    require(rate > 0, "--rate must be positive");
    require(sample >= 0 && sample <= 1, "--sample is a fraction, 0 to 1");
    require(
        heartbeat.toMillis() >= 100 && heartbeat.toMillis() <= 8_000,
        "--heartbeat must be 100 ms to 8 s (the broker forgets offers not heard from in 10 s)");
    require(maxInFlight >= 1, "--max-in-flight must be at least 1");
    require(maxPrice >= 0, "--max-price must not be negative");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  long samplePpm() {
    return Math.round(sample * 1_000_000);
  }
}
