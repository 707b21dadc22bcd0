package io.edgemarket.agent.sandbox;

/**
 * What one execution consumed.
 *
 * @param fuel number of Wasm instructions executed; the same module and input always give the same
 *     number, whether the execution succeeds or fails (except when the deadline cuts it short)
 * @param peakMemoryBytes the largest size the function's linear memory reached
 * @param wallNanos wall-clock time spent instantiating and running the function; informational
 *     only, since it varies between runs
 */
public record Usage(long fuel, long peakMemoryBytes, long wallNanos) {

  public Usage {
    if (fuel < 0 || peakMemoryBytes < 0 || wallNanos < 0) {
      throw new IllegalArgumentException("usage must not be negative");
    }
  }
}
