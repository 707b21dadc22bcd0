package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.wasm.WasmModule;
import java.util.Objects;

/**
 * A module that parsed, validated and passed the ABI check. Immutable and shareable: any number of
 * executions, concurrent or not, may instantiate it.
 */
public final class LoadedModule {

  private final String digest;
  private final int sizeBytes;
  private final WasmModule wasm;

  LoadedModule(String digest, int sizeBytes, WasmModule wasm) {
    this.digest = Objects.requireNonNull(digest, "digest");
    this.sizeBytes = sizeBytes;
    this.wasm = Objects.requireNonNull(wasm, "wasm");
  }

  /** Lower-case hex SHA-256 of the module bytes; the module's identity across the marketplace. */
  public String digest() {
    return digest;
  }

  public int sizeBytes() {
    return sizeBytes;
  }

  WasmModule wasm() {
    return wasm;
  }

  @Override
  public String toString() {
    return "LoadedModule[" + digest + ", " + sizeBytes + " bytes]";
  }
}
