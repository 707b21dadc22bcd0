package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.HashMap;
import java.util.Map;

/** Parses module bytes and enforces the function ABI, so that bad modules fail before any run. */
final class AbiCheck {

  static final String WASI_MODULE = "wasi_snapshot_preview1";
  static final String START_EXPORT = "_start";
  static final String MEMORY_EXPORT = "memory";

  // The signatures Chicory's WASI implementation links against: checking them here turns a
  // would-be link failure at every run into one clear rejection at load.
  private static final Map<String, FunctionType> WASI_FUNCTIONS = wasiFunctions();

  private AbiCheck() {}

  static WasmModule parse(byte[] bytes) throws BadModuleException {
    WasmModule module;
    try {
      module = Parser.parse(bytes);
    } catch (ChicoryException e) {
      throw new BadModuleException("module does not parse or validate: " + e.getMessage(), e);
    } catch (RuntimeException | AssertionError e) {
      // The parser may fail on garbage with plain runtime exceptions (e.g. reading past the end),
      // and with its own assertions where they are enabled (GeneratedModulesTest found one).
      throw new BadModuleException("module does not parse: " + e, e);
    }
    checkImports(module);
    checkExports(module);
    checkTables(module);
    return module;
  }

  private static void checkTables(WasmModule module) throws BadModuleException {
    var tables = module.tableSection();
    for (int i = 0; i < tables.tableCount(); i++) {
      long initial = tables.getTable(i).limits().min();
      if (initial > Meter.MAX_TABLE_ELEMENTS) {
        throw new BadModuleException(
            "table "
                + i
                + " starts with "
                + initial
                + " elements, above the sandbox's limit of "
                + Meter.MAX_TABLE_ELEMENTS);
      }
    }
  }

  private static void checkImports(WasmModule module) throws BadModuleException {
    var imports = module.importSection();
    for (int i = 0; i < imports.importCount(); i++) {
      Import imp = imports.getImport(i);
      String name = imp.module() + "." + imp.name();
      if (!WASI_MODULE.equals(imp.module()) || !(imp instanceof FunctionImport function)) {
        throw new BadModuleException(
            "module imports "
                + kind(imp.importType())
                + " "
                + name
                + ", but a function may import only "
                + WASI_MODULE
                + " functions");
      }
      FunctionType expected = WASI_FUNCTIONS.get(imp.name());
      if (expected == null) {
        throw new BadModuleException("module imports " + name + ", which is not a WASI function");
      }
      // Not checked by Chicory 1.6.1's parser either (GeneratedModulesTest found it).
      if (function.typeIndex() < 0 || function.typeIndex() >= module.typeSection().typeCount()) {
        throw new BadModuleException(
            "module imports " + name + " with type " + function.typeIndex() + ", which it lacks");
      }
      FunctionType actual = module.typeSection().getType(function.typeIndex());
      if (!actual.typesMatch(expected)) {
        throw new BadModuleException(
            "module imports " + name + " as " + actual + ", but WASI defines it as " + expected);
      }
    }
  }

  private static void checkExports(WasmModule module) throws BadModuleException {
    Export start = null;
    Export memory = null;
    var exports = module.exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      Export e = exports.getExport(i);
      if (START_EXPORT.equals(e.name())) {
        start = e;
      } else if (MEMORY_EXPORT.equals(e.name())) {
        memory = e;
      }
    }
    if (start == null || start.exportType() != ExternalType.FUNCTION) {
      throw new BadModuleException("module does not export a function named " + START_EXPORT);
    }
    // Chicory 1.6.1's parser does not check export indices; an index past the end would surface
    // as an IndexOutOfBoundsException here, or at every instantiation (a generated module found
    // it: GeneratedModulesTest).
    int functions =
        module.importSection().count(ExternalType.FUNCTION)
            + module.functionSection().functionCount();
    if (start.index() < 0 || start.index() >= functions) {
      throw new BadModuleException(
          "module exports " + START_EXPORT + " as function " + start.index() + ", which it lacks");
    }
    if (!functionType(module, start.index()).typesMatch(FunctionType.empty())) {
      throw new BadModuleException(START_EXPORT + " must take no parameters and return nothing");
    }
    if (memory == null || memory.exportType() != ExternalType.MEMORY) {
      throw new BadModuleException("module does not export a memory named " + MEMORY_EXPORT);
    }
    int memories =
        module.importSection().count(ExternalType.MEMORY)
            + module.memorySection().map(m -> m.memoryCount()).orElse(0);
    if (memory.index() < 0 || memory.index() >= memories) {
      throw new BadModuleException(
          "module exports " + MEMORY_EXPORT + " as memory " + memory.index() + ", which it lacks");
    }
  }

  private static FunctionType functionType(WasmModule module, int functionIndex) {
    // Imported functions come first in the function index space.
    int imported = module.importSection().count(ExternalType.FUNCTION);
    if (functionIndex < imported) {
      int seen = 0;
      for (int i = 0; i < module.importSection().importCount(); i++) {
        if (module.importSection().getImport(i) instanceof FunctionImport f
            && seen++ == functionIndex) {
          return module.typeSection().getType(f.typeIndex());
        }
      }
    }
    return module.functionSection().getFunctionType(functionIndex - imported, module.typeSection());
  }

  private static String kind(ExternalType type) {
    return switch (type) {
      case FUNCTION -> "function";
      case TABLE -> "table";
      case MEMORY -> "memory";
      case GLOBAL -> "global";
      case TAG -> "tag";
    };
  }

  private static Map<String, FunctionType> wasiFunctions() {
    Map<String, FunctionType> byName = new HashMap<>();
    try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(SilentLogger.INSTANCE).build()) {
      for (HostFunction f : wasi.toHostFunctions()) {
        byName.put(f.name(), f.functionType());
      }
    }
    return Map.copyOf(byName);
  }
}
