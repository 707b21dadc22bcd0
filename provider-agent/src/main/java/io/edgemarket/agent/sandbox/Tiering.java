package io.edgemarket.agent.sandbox;

/**
 * When a module counts as hot, and what the sandbox then does for it: compile it (once, in the
 * background) and keep instances of it built ahead of need. Until then it runs in Chicory's
 * interpreter from a fresh instance. Both tiers run the same instrumented code, so tiering changes
 * how fast a function runs, never its output, error or fuel.
 *
 * @param compileAfterRuns a module becomes hot when it has started this many executions (counted
 *     per module cache); {@link Integer#MAX_VALUE} keeps every module interpreted and cold
 * @param warmInstances instances kept ready per hot module; 0 for none
 */
public record Tiering(int compileAfterRuns, int warmInstances) {

  public static final int DEFAULT_COMPILE_AFTER_RUNS = 10;
  public static final int DEFAULT_WARM_INSTANCES = 2;

  public Tiering {
    if (compileAfterRuns < 0 || warmInstances < 0) {
      throw new IllegalArgumentException("tiering thresholds must not be negative");
    }
  }

  /** Hot after 10 runs, with 2 instances kept ready. */
  public static Tiering defaults() {
    return new Tiering(DEFAULT_COMPILE_AFTER_RUNS, DEFAULT_WARM_INSTANCES);
  }

  /** Every module interpreted, every instance built on demand: the reference behaviour. */
  public static Tiering interpreterOnly() {
    return new Tiering(Integer.MAX_VALUE, 0);
  }

  /** Whether this sandbox runs compiled code at all (compiled elsewhere, or by itself). */
  boolean compiles() {
    return compileAfterRuns != Integer.MAX_VALUE;
  }

  boolean isHot(long runs) {
    return compiles() && runs >= compileAfterRuns;
  }
}
