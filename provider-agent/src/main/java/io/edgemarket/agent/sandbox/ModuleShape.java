package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * What the instrumenter needs to know about a module beyond the bytes of one function: types of
 * functions and blocks, table maxima, and the index spaces it appends to. Taken from Chicory's
 * parse, which has also validated the module.
 */
final class ModuleShape {

  /** The largest table size the binary format can express. */
  private static final long U32_MAX = 0xffff_ffffL;

  /*
   * Chicory 1.6.1's interpreter and compiler disagree on some valid code, where the compiler
   * follows the spec: the interpreter loses the values below an enclosing block when a block
   * taking two or more parameters ends inside it, and fails to catch an exception thrown by a
   * callee a second time in a loop. A module that is compiled once hot would then behave
   * differently from its first runs; both tiers must agree, so such modules stay interpreted.
   */
  static final String BLOCK_PARAMETERS =
      "blocks with parameters run differently in Chicory's interpreter and compiler";
  static final String EXCEPTIONS =
      "exception handling runs differently in Chicory's interpreter and compiler";

  private final WasmModule module;
  private final List<FunctionType> functionTypes = new ArrayList<>();
  private final int importedFunctions;
  private final int importedTables;
  private boolean blocksTakeParameters;
  private boolean handlesExceptions;

  ModuleShape(WasmModule module) {
    this.module = module;
    var imports = module.importSection();
    for (int i = 0; i < imports.importCount(); i++) {
      if (imports.getImport(i) instanceof FunctionImport f) {
        functionTypes.add(type(f.typeIndex()));
      }
    }
    this.importedFunctions = functionTypes.size();
    this.importedTables = imports.count(ExternalType.TABLE);
    var functions = module.functionSection();
    for (int i = 0; i < functions.functionCount(); i++) {
      functionTypes.add(type(functions.getFunctionType(i)));
    }
  }

  WasmModule module() {
    return module;
  }

  FunctionType type(int typeIndex) {
    return module.typeSection().getType(typeIndex);
  }

  FunctionType functionType(int functionIndex) {
    return functionTypes.get(functionIndex);
  }

  int importedFunctions() {
    return importedFunctions;
  }

  /** Index of the first global the instrumenter appends. */
  int firstNewGlobal() {
    return module.importSection().count(ExternalType.GLOBAL) + module.globalSection().globalCount();
  }

  /** Why the module must stay interpreted, or null; once every function has been noted. */
  String interpretOnly() {
    return blocksTakeParameters ? BLOCK_PARAMETERS : handlesExceptions ? EXCEPTIONS : null;
  }

  /** Takes note of what one function's code uses. */
  void note(Iterable<InstructionDecoder.Decoded> code) {
    for (var d : code) {
      blocksTakeParameters |= d.blockType() >= 0 && blockParams(d.blockType()) > 0;
      handlesExceptions |=
          d.op() == OpCode.TRY_TABLE || d.op() == OpCode.THROW || d.op() == OpCode.THROW_REF;
    }
  }

  int blockParams(long blockType) {
    return blockType >= 0 ? type((int) blockType).params().size() : 0;
  }

  int blockResults(long blockType) {
    if (blockType >= 0) {
      return type((int) blockType).returns().size();
    }
    return blockType == InstructionDecoder.ONE_RESULT ? 1 : 0;
  }

  /** The declared maximum size of a table (imported tables are refused by the ABI check). */
  long tableMax(int tableIndex) {
    int defined = tableIndex - importedTables;
    if (defined < 0) {
      return U32_MAX;
    }
    return Math.min(U32_MAX, module.tableSection().getTable(defined).limits().max());
  }

  /** Stack units of values of these types: two per value (a long), four per v128. */
  static long units(List<ValType> types) {
    long units = 0;
    for (ValType t : types) {
      units += t.equals(ValType.V128) ? 4 : 2;
    }
    return units;
  }
}
