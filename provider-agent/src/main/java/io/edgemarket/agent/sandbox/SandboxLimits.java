package io.edgemarket.agent.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Resource limits for one function execution. Exceeding any of them ends the execution as a
 * function error.
 *
 * @param memoryBytes cap on the function's linear memory; rounded down to whole 64 KiB Wasm pages
 * @param deadline wall-clock budget, counted from when a worker starts the execution (time queued
 *     for a worker is not charged to the function)
 * @param maxOutputBytes cap on what the function may write to stdout
 * @param maxFuel optional cap on fuel, the Wasm instructions executed (see {@link
 *     SandboxUsage#fuel})
 */
public record SandboxLimits(
    long memoryBytes, Duration deadline, long maxOutputBytes, OptionalLong maxFuel) {

  public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 1L << 20;

  static final int PAGE_BYTES = 64 * 1024;
  // A 32-bit linear memory cannot address more, and output lives in one Java array.
  private static final long MAX_MEMORY_BYTES = 1L << 32;
  private static final long MAX_OUTPUT_BYTES = Integer.MAX_VALUE - 8;

  public SandboxLimits {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(maxFuel, "maxFuel");
    if (memoryBytes < PAGE_BYTES || memoryBytes > MAX_MEMORY_BYTES) {
      throw new IllegalArgumentException(
          "memoryBytes must be between 64 KiB and 4 GiB, was " + memoryBytes);
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive, was " + deadline);
    }
    if (maxOutputBytes < 0 || maxOutputBytes > MAX_OUTPUT_BYTES) {
      throw new IllegalArgumentException("maxOutputBytes out of range: " + maxOutputBytes);
    }
    if (maxFuel.isPresent() && maxFuel.getAsLong() < 0) {
      throw new IllegalArgumentException("maxFuel must not be negative: " + maxFuel);
    }
  }

  /** 64 MiB of memory, a 10 s deadline, 1 MiB of output and no fuel cap. */
  public static SandboxLimits defaults() {
    return new SandboxLimits(
        DEFAULT_MEMORY_BYTES, DEFAULT_DEADLINE, DEFAULT_MAX_OUTPUT_BYTES, OptionalLong.empty());
  }

  public SandboxLimits withMemoryBytes(long bytes) {
    return new SandboxLimits(bytes, deadline, maxOutputBytes, maxFuel);
  }

  public SandboxLimits withDeadline(Duration newDeadline) {
    return new SandboxLimits(memoryBytes, newDeadline, maxOutputBytes, maxFuel);
  }

  public SandboxLimits withMaxOutputBytes(long bytes) {
    return new SandboxLimits(memoryBytes, deadline, bytes, maxFuel);
  }

  public SandboxLimits withMaxFuel(long fuel) {
    return new SandboxLimits(memoryBytes, deadline, maxOutputBytes, OptionalLong.of(fuel));
  }

  public SandboxLimits withoutMaxFuel() {
    return new SandboxLimits(memoryBytes, deadline, maxOutputBytes, OptionalLong.empty());
  }

  int memoryPages() {
    return (int) (memoryBytes / PAGE_BYTES);
  }
}
