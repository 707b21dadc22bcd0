package io.edgemarket.agent.container;

import java.time.Duration;
import java.util.Objects;

/**
 * What one container invocation may use. Memory and CPU are fixed when a container is created, so
 * warm containers are pooled per image <em>and</em> per (memory, CPU); deadline and output cap
 * apply per run.
 *
 * @param memoryBytes memory limit, swap included (there is none); at least {@link
 *     #MIN_MEMORY_BYTES}
 * @param cpuMillis CPU quota in thousandths of a core
 * @param deadline wall-clock budget from start to exit
 * @param maxOutputBytes the most a function may write to stdout
 */
public record ContainerLimits(
    long memoryBytes, int cpuMillis, Duration deadline, long maxOutputBytes) {

  /** The engine refuses smaller memory limits. */
  public static final long MIN_MEMORY_BYTES = 6L << 20;

  public ContainerLimits {
    Objects.requireNonNull(deadline, "deadline");
    if (memoryBytes < MIN_MEMORY_BYTES) {
      throw new IllegalArgumentException("memoryBytes must be at least 6 MiB: " + memoryBytes);
    }
    if (cpuMillis < 1) {
      throw new IllegalArgumentException("cpuMillis must be positive: " + cpuMillis);
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    if (maxOutputBytes < 0 || maxOutputBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxOutputBytes out of range: " + maxOutputBytes);
    }
  }

  public ContainerLimits withMemory(long bytes) {
    return new ContainerLimits(bytes, cpuMillis, deadline, maxOutputBytes);
  }

  public ContainerLimits withDeadline(Duration value) {
    return new ContainerLimits(memoryBytes, cpuMillis, value, maxOutputBytes);
  }

  public ContainerLimits withMaxOutputBytes(long bytes) {
    return new ContainerLimits(memoryBytes, cpuMillis, deadline, bytes);
  }
}
