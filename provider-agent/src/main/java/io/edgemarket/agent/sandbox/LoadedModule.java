package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.Objects;

/**
 * A module that parsed, validated and passed the ABI check. Immutable and shareable: any number of
 * executions, concurrent or not, may instantiate it.
 */
public final class LoadedModule {

  private final String digest;
  private final int sizeBytes;
  private final WasmModule wasm;
  // Set only for modules that must not share one parsed WasmModule between runs; see wasmForRun.
  private final byte[] privateCopySource;

  LoadedModule(String digest, byte[] bytes, WasmModule wasm) {
    this.digest = Objects.requireNonNull(digest, "digest");
    this.sizeBytes = bytes.length;
    this.wasm = Objects.requireNonNull(wasm, "wasm");
    this.privateCopySource = growsTables(wasm) ? bytes.clone() : null;
  }

  /** Lower-case hex SHA-256 of the module bytes; the module's identity across the marketplace. */
  public String digest() {
    return digest;
  }

  public int sizeBytes() {
    return sizeBytes;
  }

  /**
   * The parsed module for one run. Chicory 1.6.1's table.grow writes the new size into the parsed
   * module's table limits, so an instance that grows a table would change the tables of every later
   * instance of the same WasmModule (and race with concurrent ones). Modules that can grow tables,
   * rare in practice, therefore get a freshly parsed copy per run.
   */
  WasmModule wasmForRun() {
    return privateCopySource == null ? wasm : Parser.parse(privateCopySource);
  }

  private static boolean growsTables(WasmModule module) {
    for (FunctionBody body : module.codeSection().functionBodies()) {
      for (AnnotatedInstruction instruction : body.instructions()) {
        if (instruction.opcode() == OpCode.TABLE_GROW) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "LoadedModule[" + digest + ", " + sizeBytes + " bytes]";
  }
}
