package io.edgemarket.agent.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * When a module counts as hot, and what the sandbox then does for it: compile it (once, in the
 * background) and keep instances of it ready. Until then it runs in Chicory's interpreter from a
 * fresh instance. Both tiers run the same instrumented code, so tiering changes how fast a function
 * runs, never its output, error or fuel.
 *
 * @param compileAfterRuns a module becomes hot when it has started this many executions (counted
 *     per module cache); {@link Integer#MAX_VALUE} keeps every module interpreted and cold
 * @param warmInstances the most instances kept ready per hot module, 0 for none; within it, as many
 *     as the module's recent demand asks for ({@link WarmDemand}: the most of its executions that
 *     ran at once lately, at least 1)
 * @param warmIdleTimeout how long a hot module may go without an execution before all its ready
 *     instances are closed (scale to zero); the next execution builds its own and the pool fills
 *     again. Its demand counts over half of it.
 */
public record Tiering(int compileAfterRuns, int warmInstances, Duration warmIdleTimeout) {

  public static final int DEFAULT_COMPILE_AFTER_RUNS = 10;
  public static final int DEFAULT_WARM_INSTANCES = 2;

  /** The same as the container sandbox's default idle timeout. */
  public static final Duration DEFAULT_WARM_IDLE_TIMEOUT = Duration.ofSeconds(60);

  public Tiering {
    Objects.requireNonNull(warmIdleTimeout, "warmIdleTimeout");
    if (compileAfterRuns < 0 || warmInstances < 0) {
      throw new IllegalArgumentException("tiering thresholds must not be negative");
    }
    if (warmIdleTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("warmIdleTimeout must be positive: " + warmIdleTimeout);
    }
  }

  /** With the default idle timeout of 60 s. */
  public Tiering(int compileAfterRuns, int warmInstances) {
    this(compileAfterRuns, warmInstances, DEFAULT_WARM_IDLE_TIMEOUT);
  }

  /** Hot after 10 runs, with up to 2 instances kept ready, closed after 60 s without a run. */
  public static Tiering defaults() {
    return new Tiering(DEFAULT_COMPILE_AFTER_RUNS, DEFAULT_WARM_INSTANCES);
  }

  /** Every module interpreted, every instance built on demand: the reference behaviour. */
  public static Tiering interpreterOnly() {
    return new Tiering(Integer.MAX_VALUE, 0);
  }

  public Tiering withWarmIdleTimeout(Duration value) {
    return new Tiering(compileAfterRuns, warmInstances, value);
  }

  /** Whether this sandbox runs compiled code at all (compiled elsewhere, or by itself). */
  boolean compiles() {
    return compileAfterRuns != Integer.MAX_VALUE;
  }

  boolean isHot(long runs) {
    return compiles() && runs >= compileAfterRuns;
  }
}
