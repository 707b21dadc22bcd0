package io.edgemarket.sdk;

import io.edgemarket.model.TrustLevel;
import java.time.Duration;
import java.util.Objects;

/**
 * How a function is deployed: its memory cap, its per-invocation deadline, how its results are
 * checked, and the most one invocation may cost (the default ceiling of every ticket for it). Start
 * from {@link #defaults()} and change what differs.
 */
public record DeployOptions(
    long memoryLimitBytes, Duration timeout, TrustLevel trustLevel, long maxPricePerInvocation) {

  public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final long DEFAULT_MAX_PRICE = 1_000_000L;

  /** Validates every field; each message names the field. */
  public DeployOptions {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(trustLevel, "trustLevel");
    if (memoryLimitBytes <= 0) {
      throw new IllegalArgumentException("memoryLimitBytes must be positive: " + memoryLimitBytes);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() == 0) {
      throw new IllegalArgumentException("timeout must be at least 1 ms: " + timeout);
    }
    if (maxPricePerInvocation <= 0) {
      throw new IllegalArgumentException(
          "maxPricePerInvocation must be positive: " + maxPricePerInvocation);
    }
  }

  /** 64 MiB, 10 s, {@link TrustLevel#RECEIPT}, at most 1,000,000 minor units per invocation. */
  public static DeployOptions defaults() {
    return new DeployOptions(
        DEFAULT_MEMORY_BYTES, DEFAULT_TIMEOUT, TrustLevel.RECEIPT, DEFAULT_MAX_PRICE);
  }

  public DeployOptions withMemoryLimitBytes(long bytes) {
    return new DeployOptions(bytes, timeout, trustLevel, maxPricePerInvocation);
  }

  public DeployOptions withTimeout(Duration newTimeout) {
    return new DeployOptions(memoryLimitBytes, newTimeout, trustLevel, maxPricePerInvocation);
  }

  public DeployOptions withTrustLevel(TrustLevel level) {
    return new DeployOptions(memoryLimitBytes, timeout, level, maxPricePerInvocation);
  }

  public DeployOptions withMaxPricePerInvocation(long maxPrice) {
    return new DeployOptions(memoryLimitBytes, timeout, trustLevel, maxPrice);
  }
}
