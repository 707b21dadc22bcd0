package io.edgemarket.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A deployed function as the ledger knows it: identified by owner and name, pinned to the SHA-256
 * digest of its code. The code itself lives in the broker's content-addressed blob store.
 *
 * <p>{@code trustLevel} says how its results are checked, {@code samplePpm} which share of its
 * invocations ({@link Sampling}, parts per million; default 0.1) get the extra check of the {@code
 * redundant} and {@code reexecute} levels, and {@code minStake} the least stake an offer must have
 * locked to run it. Both are null in records written before they existed, read as the defaults.
 *
 * <p>{@code maxFuel} is the most fuel one invocation may burn (Wasm instructions; a container's CPU
 * microseconds): the agent stops a run there, the ledger refuses a receipt claiming more, and so it
 * bounds what a run can cost on an offer that prices fuel. Deployments set it ({@link
 * #DEFAULT_MAX_FUEL} unless chosen). It is null, and left out of the JSON, in records written
 * before it existed: such a function keeps the terms it was registered under, fuel bounded only by
 * what the ticket's maxPrice affords, so receipts already signed under them still settle.
 *
 * <p>{@code retiredAt} is when its owner retired it ({@code functions:RetireFunction}; ledger time,
 * epoch ms), null, and left out of the JSON, while it is live. A retired function takes no new
 * invocations; runs already under way still settle. Registering the name again makes it live.
 */
public record FunctionSpec(
    String functionId,
    String name,
    String ownerId,
    String digest,
    String runtime,
    long memoryLimitBytes,
    long timeoutMs,
    TrustLevel trustLevel,
    long maxPricePerInvocation,
    long registeredAt,
    Long samplePpm,
    Long minStake,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long maxFuel,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long retiredAt) {

  /** A WASI preview1 command module, run in the provider's WebAssembly sandbox. */
  public static final String RUNTIME_WASM = "wasm";

  /**
   * An OCI image saved as a tar ({@code docker save}); its entrypoint reads stdin and writes
   * stdout, and it runs in the provider's container sandbox. The digest is the SHA-256 of the tar.
   */
  public static final String RUNTIME_OCI = "oci";

  /**
   * The fuel limit a deployment gets unless it sets one: 10^9 Wasm instructions, orders of
   * magnitude above what the samples burn per call (a function that computes for seconds may need
   * more), or, for a container, 1000 s of CPU, beyond any deadline the ledger allows (15 min).
   */
  public static final long DEFAULT_MAX_FUEL = 1_000_000_000L;

  public FunctionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    trustLevel = trustLevel == null ? TrustLevel.RECEIPT : trustLevel;
    runtime = runtime == null ? RUNTIME_WASM : runtime;
    samplePpm = samplePpm == null ? Sampling.DEFAULT_PPM : samplePpm;
    minStake = minStake == null ? 0L : minStake;
    if (maxFuel != null && maxFuel < 0) {
      throw new IllegalArgumentException("maxFuel must not be negative: " + maxFuel);
    }
  }

  /** A live function (not retired). */
  public FunctionSpec(
      String functionId,
      String name,
      String ownerId,
      String digest,
      String runtime,
      long memoryLimitBytes,
      long timeoutMs,
      TrustLevel trustLevel,
      long maxPricePerInvocation,
      long registeredAt,
      Long samplePpm,
      Long minStake,
      Long maxFuel) {
    this(
        functionId,
        name,
        ownerId,
        digest,
        runtime,
        memoryLimitBytes,
        timeoutMs,
        trustLevel,
        maxPricePerInvocation,
        registeredAt,
        samplePpm,
        minStake,
        maxFuel,
        null);
  }

  /** A function with no fuel limit of its own, as registered before functions had one. */
  public FunctionSpec(
      String functionId,
      String name,
      String ownerId,
      String digest,
      String runtime,
      long memoryLimitBytes,
      long timeoutMs,
      TrustLevel trustLevel,
      long maxPricePerInvocation,
      long registeredAt,
      Long samplePpm,
      Long minStake) {
    this(
        functionId,
        name,
        ownerId,
        digest,
        runtime,
        memoryLimitBytes,
        timeoutMs,
        trustLevel,
        maxPricePerInvocation,
        registeredAt,
        samplePpm,
        minStake,
        null);
  }

  /** A function with the default sample, no minimum stake and no fuel limit of its own. */
  public FunctionSpec(
      String functionId,
      String name,
      String ownerId,
      String digest,
      String runtime,
      long memoryLimitBytes,
      long timeoutMs,
      TrustLevel trustLevel,
      long maxPricePerInvocation,
      long registeredAt) {
    this(
        functionId,
        name,
        ownerId,
        digest,
        runtime,
        memoryLimitBytes,
        timeoutMs,
        trustLevel,
        maxPricePerInvocation,
        registeredAt,
        null,
        null,
        null);
  }

  /**
   * The most fuel one invocation may burn: {@code maxFuel}, or {@link Long#MAX_VALUE} for a
   * function registered without one (then only the ticket's maxPrice bounds it).
   */
  public long fuelLimit() {
    return maxFuel == null ? Long.MAX_VALUE : maxFuel;
  }

  /** Whether {@code ticket} for this function gets its trust level's extra check. */
  public boolean checks(InvocationTicket ticket) {
    return trustLevel != TrustLevel.RECEIPT && Sampling.sampled(ticket, samplePpm);
  }

  /** This spec with another trust level, sample and minimum stake. */
  public FunctionSpec withTrust(TrustLevel level, long sample, long stake) {
    return new FunctionSpec(
        functionId,
        name,
        ownerId,
        digest,
        runtime,
        memoryLimitBytes,
        timeoutMs,
        level,
        maxPricePerInvocation,
        registeredAt,
        sample,
        stake,
        maxFuel,
        retiredAt);
  }

  /** This spec with another fuel limit (null: none of its own). */
  public FunctionSpec withMaxFuel(Long fuel) {
    return new FunctionSpec(
        functionId,
        name,
        ownerId,
        digest,
        runtime,
        memoryLimitBytes,
        timeoutMs,
        trustLevel,
        maxPricePerInvocation,
        registeredAt,
        samplePpm,
        minStake,
        fuel,
        retiredAt);
  }

  /** Whether its owner retired it: it then takes no new invocations. */
  public boolean retired() {
    return retiredAt != null;
  }

  /** This spec retired at {@code at} (ledger time, epoch ms). */
  public FunctionSpec retiredAt(long at) {
    return new FunctionSpec(
        functionId,
        name,
        ownerId,
        digest,
        runtime,
        memoryLimitBytes,
        timeoutMs,
        trustLevel,
        maxPricePerInvocation,
        registeredAt,
        samplePpm,
        minStake,
        maxFuel,
        at);
  }

  /** Function ids are owner-scoped so two consumers may both deploy an {@code echo}. */
  public static String idOf(String ownerId, String name) {
    return ownerId + "/" + name;
  }

  public FunctionSpec registeredBy(String owner, long at) {
    return new FunctionSpec(
        idOf(owner, name),
        name,
        owner,
        digest,
        runtime,
        memoryLimitBytes,
        timeoutMs,
        trustLevel,
        maxPricePerInvocation,
        at,
        samplePpm,
        minStake,
        maxFuel);
  }
}
