package io.edgemarket.broker.blob;

import io.edgemarket.model.FunctionSpec;
import java.util.Arrays;

/**
 * What a stored blob is, told by its first bytes: a Wasm module starts with the magic {@code
 * \0asm}; anything else the store accepted is a container image tar (tar has no magic at offset 0,
 * and the store only keeps tars it has checked).
 */
public enum BlobKind {
  /** A WASI command module, run by the provider's WebAssembly sandbox. */
  WASM(FunctionSpec.RUNTIME_WASM, "application/wasm"),
  /** An OCI image as {@code docker save} writes it, run by the provider's container sandbox. */
  IMAGE(FunctionSpec.RUNTIME_OCI, "application/x-tar");

  static final byte[] WASM_MAGIC = {0, 'a', 's', 'm'};

  private final String runtime;
  private final String contentType;

  BlobKind(String runtime, String contentType) {
    this.runtime = runtime;
    this.contentType = contentType;
  }

  /** The function runtime that runs this kind of code ({@code FunctionSpec.runtime}). */
  public String runtime() {
    return runtime;
  }

  /** The media type the blob is served with. */
  public String contentType() {
    return contentType;
  }

  /**
   * The kind of a blob starting with {@code head} (its first bytes, at least four if it has them).
   */
  static BlobKind of(byte[] head) {
    return head.length >= WASM_MAGIC.length
            && Arrays.equals(head, 0, WASM_MAGIC.length, WASM_MAGIC, 0, WASM_MAGIC.length)
        ? WASM
        : IMAGE;
  }
}
