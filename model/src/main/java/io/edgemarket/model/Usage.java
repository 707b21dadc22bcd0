package io.edgemarket.model;

/**
 * What one invocation consumed. {@code fuel} (Wasm instructions executed) is deterministic and is
 * what the price is computed from; memory and wall time are reported for information only.
 */
public record Usage(long fuel, long peakMemoryBytes, long wallMicros) {
  public Usage {
    if (fuel < 0 || peakMemoryBytes < 0 || wallMicros < 0) {
      throw new IllegalArgumentException("usage figures must not be negative");
    }
  }
}
