package io.edgemarket.sdk;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Sampling;
import io.edgemarket.model.TrustLevel;
import java.time.Duration;
import java.util.Objects;

/**
 * How a function is deployed: its memory cap, its per-invocation deadline, how its results are
 * checked (the trust level, and for {@code redundant} and {@code reexecute} the sampled share of
 * invocations, in parts per million, see {@link Sampling}), the least stake an offer must have
 * locked to run it, the most one invocation may cost (the default ceiling of every ticket for it),
 * and the most fuel one invocation may burn ({@code maxFuel}: Wasm instructions, or a container's
 * CPU microseconds; a run reaching it stops as a function error, paid for that fuel, and the ledger
 * pays no receipt claiming more). The fuel limit is also what lets the broker hold less than
 * maxPrice per call: at most the matched offer's price for that much fuel. Start from {@link
 * #defaults()} and change what differs.
 */
public record DeployOptions(
    long memoryLimitBytes,
    Duration timeout,
    TrustLevel trustLevel,
    long maxPricePerInvocation,
    long samplePpm,
    long minStake,
    long maxFuel) {

  public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final long DEFAULT_MAX_PRICE = 1_000_000L;

  /** 10^9 fuel: {@link FunctionSpec#DEFAULT_MAX_FUEL}. */
  public static final long DEFAULT_MAX_FUEL = FunctionSpec.DEFAULT_MAX_FUEL;

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
    if (samplePpm < 0 || samplePpm > Sampling.PPM) {
      throw new IllegalArgumentException(
          "samplePpm must be 0.." + Sampling.PPM + " (parts per million): " + samplePpm);
    }
    if (minStake < 0) {
      throw new IllegalArgumentException("minStake must not be negative: " + minStake);
    }
    if (maxFuel <= 0) {
      throw new IllegalArgumentException("maxFuel must be positive: " + maxFuel);
    }
  }

  /** Options with the default fuel limit. */
  public DeployOptions(
      long memoryLimitBytes,
      Duration timeout,
      TrustLevel trustLevel,
      long maxPricePerInvocation,
      long samplePpm,
      long minStake) {
    this(
        memoryLimitBytes,
        timeout,
        trustLevel,
        maxPricePerInvocation,
        samplePpm,
        minStake,
        DEFAULT_MAX_FUEL);
  }

  /** Options with the default sample (0.1), no minimum stake and the default fuel limit. */
  public DeployOptions(
      long memoryLimitBytes, Duration timeout, TrustLevel trustLevel, long maxPricePerInvocation) {
    this(memoryLimitBytes, timeout, trustLevel, maxPricePerInvocation, Sampling.DEFAULT_PPM, 0);
  }

  /**
   * 64 MiB, 10 s, {@link TrustLevel#RECEIPT}, at most 1,000,000 minor units per invocation, sample
   * 0.1, no minimum stake, at most 10^9 fuel per invocation.
   */
  public static DeployOptions defaults() {
    return new DeployOptions(
        DEFAULT_MEMORY_BYTES, DEFAULT_TIMEOUT, TrustLevel.RECEIPT, DEFAULT_MAX_PRICE);
  }

  public DeployOptions withMemoryLimitBytes(long bytes) {
    return new DeployOptions(
        bytes, timeout, trustLevel, maxPricePerInvocation, samplePpm, minStake, maxFuel);
  }

  public DeployOptions withTimeout(Duration newTimeout) {
    return new DeployOptions(
        memoryLimitBytes,
        newTimeout,
        trustLevel,
        maxPricePerInvocation,
        samplePpm,
        minStake,
        maxFuel);
  }

  public DeployOptions withTrustLevel(TrustLevel level) {
    return new DeployOptions(
        memoryLimitBytes, timeout, level, maxPricePerInvocation, samplePpm, minStake, maxFuel);
  }

  public DeployOptions withMaxPricePerInvocation(long maxPrice) {
    return new DeployOptions(
        memoryLimitBytes, timeout, trustLevel, maxPrice, samplePpm, minStake, maxFuel);
  }

  /** The sampled share as a fraction such as {@code "0.1"} or {@code "1.0"} ({@link Sampling}). */
  public DeployOptions withSample(String fraction) {
    return withSamplePpm(Sampling.ppmOf(fraction));
  }

  public DeployOptions withSamplePpm(long ppm) {
    return new DeployOptions(
        memoryLimitBytes, timeout, trustLevel, maxPricePerInvocation, ppm, minStake, maxFuel);
  }

  public DeployOptions withMinStake(long stake) {
    return new DeployOptions(
        memoryLimitBytes, timeout, trustLevel, maxPricePerInvocation, samplePpm, stake, maxFuel);
  }

  /**
   * The most fuel one invocation may burn: Wasm instructions (the sample functions burn thousands
   * to millions), or a container's CPU microseconds.
   */
  public DeployOptions withMaxFuel(long fuel) {
    return new DeployOptions(
        memoryLimitBytes, timeout, trustLevel, maxPricePerInvocation, samplePpm, minStake, fuel);
  }
}
