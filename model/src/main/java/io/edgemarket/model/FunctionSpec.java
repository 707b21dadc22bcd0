package io.edgemarket.model;

import java.util.Objects;

/**
 * A deployed function as the ledger knows it: identified by owner and name, pinned to the SHA-256
 * digest of its code. The code itself lives in the broker's content-addressed blob store.
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
    long registeredAt) {

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
        at);
  }
}
