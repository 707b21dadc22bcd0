package io.edgemarket.model;

import java.util.Objects;

/**
 * A deployed function as the ledger knows it: identified by owner and name, pinned to the SHA-256
 * digest of its code. The code itself lives in the broker's content-addressed blob store.
 *
 * <p>{@code trustLevel} says how its results are checked, {@code samplePpm} which share of its
 * invocations ({@link Sampling}, parts per million; default 0.1) get the extra check of the {@code
 * redundant} and {@code reexecute} levels, and {@code minStake} the least stake an offer must have
 * locked to run it. Both are null in records written before they existed, read as the defaults.
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
    Long minStake) {

  /** A WASI preview1 command module, run in the provider's WebAssembly sandbox. */
  public static final String RUNTIME_WASM = "wasm";

  /**
   * An OCI image saved as a tar ({@code docker save}); its entrypoint reads stdin and writes
   * stdout, and it runs in the provider's container sandbox. The digest is the SHA-256 of the tar.
   */
  public static final String RUNTIME_OCI = "oci";

  public FunctionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    trustLevel = trustLevel == null ? TrustLevel.RECEIPT : trustLevel;
    runtime = runtime == null ? RUNTIME_WASM : runtime;
    samplePpm = samplePpm == null ? Sampling.DEFAULT_PPM : samplePpm;
    minStake = minStake == null ? 0L : minStake;
  }

  /** A function with the default sample and no minimum stake. */
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
        null);
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
        stake);
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
        minStake);
  }
}
