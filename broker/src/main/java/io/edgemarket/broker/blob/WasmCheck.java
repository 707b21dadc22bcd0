package io.edgemarket.broker.blob;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;

/**
 * Checks that bytes are a WASI command module: they parse, import nothing but functions of {@code
 * wasi_snapshot_preview1}, and export a {@code _start} function and a {@code memory}. Providers
 * check the same and more (exact WASI signatures) before running; checking here turns a failure
 * that would repeat at every invocation into one clear answer at upload.
 */
final class WasmCheck {
  static final String WASI_MODULE = "wasi_snapshot_preview1";

  private WasmCheck() {}

  static void check(byte[] bytes) throws InvalidBlobException {
    WasmModule module;
    try {
      module = Parser.parse(bytes);
    } catch (ChicoryException e) {
      throw new InvalidBlobException("not a WebAssembly module: " + e.getMessage());
    } catch (RuntimeException | AssertionError e) {
      // On truncated input the parser may fail with plain runtime exceptions (reading past the
      // end), and with its own assertions where they are enabled (a generated module found one:
      // GeneratedModulesUploadTest).
      throw new InvalidBlobException("not a WebAssembly module: " + e);
    }
    var imports = module.importSection();
    for (int i = 0; i < imports.importCount(); i++) {
      Import imported = imports.getImport(i);
      if (!WASI_MODULE.equals(imported.module())
          || imported.importType() != ExternalType.FUNCTION) {
        throw new InvalidBlobException(
            "module imports "
                + imported.module()
                + "."
                + imported.name()
                + ", but a function may import only "
                + WASI_MODULE
                + " functions");
      }
    }
    if (!exports(module, "_start", ExternalType.FUNCTION)) {
      throw new InvalidBlobException(
          "module does not export a function named _start (not a WASI command module)");
    }
    if (!exports(module, "memory", ExternalType.MEMORY)) {
      throw new InvalidBlobException(
          "module does not export a memory named memory (WASI needs it to pass input and output)");
    }
  }

  private static boolean exports(WasmModule module, String name, ExternalType type) {
    var exports = module.exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      Export export = exports.getExport(i);
      if (name.equals(export.name()) && export.exportType() == type) {
        return true;
      }
    }
    return false;
  }
}
