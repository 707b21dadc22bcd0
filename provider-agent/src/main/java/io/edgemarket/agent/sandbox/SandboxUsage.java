package io.edgemarket.agent.sandbox;

/**
 * What one execution consumed.
 *
 * @param fuel Wasm instructions of the function charged as it ran, by the cost model of the package
 *     documentation (the straight-line segments it entered); the same module and input always give
 *     the same number, interpreted or compiled, whether the execution succeeds or fails (except
 *     when the deadline cuts it short)
 * @param peakMemoryBytes the largest size the function's linear memory reached
 * @param wallNanos wall-clock time the execution took on its worker (taking or building its
 *     instance, and running it); informational only, since it varies between runs
 */
public record SandboxUsage(long fuel, long peakMemoryBytes, long wallNanos) {

  public SandboxUsage {
    if (fuel < 0 || peakMemoryBytes < 0 || wallNanos < 0) {
      throw new IllegalArgumentException("usage must not be negative");
    }
  }
}
