package io.edgemarket.agent.sandbox;

import com.dylibso.chicory.wasm.WasmModule;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a module so that it meters itself: a Wasm-to-Wasm binary rewrite that appends the
 * globals of {@link MeterGlobals}, exports the fuel global as {@value #FUEL_EXPORT}, and inserts
 * {@link Guards} into every function body. Chicory counts instructions only in its interpreter;
 * metering inside the module, as mature engines do, makes compiled code meter the same.
 *
 * <p>Everything is appended, so no existing index shifts. Sections other than type, global, export,
 * start and code are copied byte for byte. The start section is removed and its function reported
 * instead: the sandbox must set the meter's globals before any code runs, and Chicory runs the
 * start function while it instantiates.
 */
final class FuelInstrumenter {

  static final String FUEL_EXPORT = "__edgemarket_fuel";

  /** Export names the sandbox keeps for itself. */
  static final String RESERVED_PREFIX = "__edgemarket_";

  /**
   * @param bytes the instrumented module
   * @param globals where the appended globals are
   * @param startFunction the removed start section's function, or -1
   * @param interpretOnly why the module must not be compiled, or null
   */
  record Instrumented(
      byte[] bytes, MeterGlobals globals, int startFunction, String interpretOnly) {}

  private record Section(int id, int start, int end) {}

  // Canonical order of the non-custom sections (tag and data count sit between others).
  private static final int[] ORDER = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

  private FuelInstrumenter() {}

  /** Instruments {@code bytes}, which Chicory parsed and validated as {@code parsed}. */
  static Instrumented instrument(byte[] bytes, WasmModule parsed) throws BadModuleException {
    var exports = parsed.exportSection();
    for (int i = 0; i < exports.exportCount(); i++) {
      String name = exports.getExport(i).name();
      if (name.startsWith(RESERVED_PREFIX)) {
        throw new BadModuleException(
            "module exports "
                + name
                + ", but names starting with "
                + RESERVED_PREFIX
                + " are reserved for the sandbox");
      }
    }
    try {
      return rewrite(bytes, new ModuleShape(parsed));
    } catch (RuntimeException e) {
      // Malformed beyond what Chicory checked, or an instrumenter bug: either way the sandbox
      // cannot meter this module, so it refuses it rather than run it unmetered.
      throw new BadModuleException(
          "module cannot be instrumented for metering: " + e.getMessage(), e);
    }
  }

  private static Instrumented rewrite(byte[] bytes, ModuleShape shape) {
    List<Section> sections = new ArrayList<>();
    WasmReader in = new WasmReader(bytes, 8, bytes.length);
    while (!in.atEnd()) {
      int id = in.u8();
      int size = in.u32();
      sections.add(new Section(id, in.position(), in.position() + size));
      in.skip(size);
    }
    Section typeSection = find(sections, WasmCodes.TYPE);
    TypeTable types =
        typeSection == null
            ? new TypeTable(bytes, 0, 0)
            : new TypeTable(bytes, typeSection.start(), typeSection.end());
    MeterGlobals globals = new MeterGlobals(shape.firstNewGlobal());
    Section code = find(sections, WasmCodes.CODE);
    byte[] newCode = code == null ? null : code(bytes, code, shape, types, globals);

    WasmWriter out = new WasmWriter().bytes(bytes, 0, 8);
    boolean globalsDone = false;
    boolean exportsDone = false;
    for (Section s : sections) {
      if (s.id() != WasmCodes.CUSTOM) {
        if (!globalsDone && rank(s.id()) > rank(WasmCodes.GLOBAL)) {
          out.section(WasmCodes.GLOBAL, globals(bytes, null));
          globalsDone = true;
        }
        if (!exportsDone && rank(s.id()) > rank(WasmCodes.EXPORT)) {
          out.section(WasmCodes.EXPORT, exports(bytes, null, globals));
          exportsDone = true;
        }
      }
      switch (s.id()) {
        case WasmCodes.TYPE ->
            out.section(s.id(), types.changed() ? types.content() : copy(bytes, s));
        case WasmCodes.GLOBAL -> {
          out.section(s.id(), globals(bytes, s));
          globalsDone = true;
        }
        case WasmCodes.EXPORT -> {
          out.section(s.id(), exports(bytes, s, globals));
          exportsDone = true;
        }
        case WasmCodes.START -> {} // reported instead, see the class comment
        case WasmCodes.CODE -> out.section(s.id(), newCode);
        default -> out.section(s.id(), copy(bytes, s));
      }
    }
    if (!globalsDone) {
      out.section(WasmCodes.GLOBAL, globals(bytes, null));
    }
    if (!exportsDone) {
      out.section(WasmCodes.EXPORT, exports(bytes, null, globals));
    }
    int start = shape.module().startSection().map(s -> (int) s.startIndex()).orElse(-1);
    return new Instrumented(out.toByteArray(), globals, start, shape.interpretOnly());
  }

  private static byte[] code(
      byte[] bytes, Section section, ModuleShape shape, TypeTable types, MeterGlobals globals) {
    WasmReader in = new WasmReader(bytes, section.start(), section.end());
    int count = in.u32();
    WasmWriter out = new WasmWriter().u32(count);
    var functions = shape.module().functionSection();
    var bodies = shape.module().codeSection();
    for (int i = 0; i < count; i++) {
      int size = in.u32();
      int start = in.position();
      in.skip(size);
      byte[] wrapper = types.resultBlockType(functions.getFunctionType(i));
      byte[] body =
          BodyRewriter.rewrite(
              bytes,
              start,
              start + size,
              shape.importedFunctions() + i,
              bodies.getFunctionBody(i),
              wrapper,
              shape,
              globals);
      out.u32(body.length).bytes(body);
    }
    return out.toByteArray();
  }

  private static byte[] globals(byte[] bytes, Section existing) {
    WasmWriter out = new WasmWriter();
    if (existing == null) {
      out.u32(MeterGlobals.COUNT);
    } else {
      WasmReader in = new WasmReader(bytes, existing.start(), existing.end());
      out.u32((long) in.u32() + MeterGlobals.COUNT).bytes(bytes, in.position(), existing.end());
    }
    for (int i = 0; i < MeterGlobals.COUNT - 2; i++) {
      out.u8(WasmCodes.I64).u8(WasmCodes.MUTABLE).u8(WasmCodes.I64_CONST).u8(0).u8(WasmCodes.END);
    }
    for (int i = 0; i < 2; i++) {
      out.u8(WasmCodes.I32).u8(WasmCodes.MUTABLE).u8(WasmCodes.I32_CONST).u8(0).u8(WasmCodes.END);
    }
    return out.toByteArray();
  }

  private static byte[] exports(byte[] bytes, Section existing, MeterGlobals globals) {
    WasmWriter out = new WasmWriter();
    if (existing == null) {
      out.u32(1);
    } else {
      WasmReader in = new WasmReader(bytes, existing.start(), existing.end());
      out.u32(in.u32() + 1L).bytes(bytes, in.position(), existing.end());
    }
    return out.name(FUEL_EXPORT).u8(WasmCodes.EXPORT_GLOBAL).u32(globals.fuel()).toByteArray();
  }

  private static byte[] copy(byte[] bytes, Section s) {
    return new WasmWriter().bytes(bytes, s.start(), s.end()).toByteArray();
  }

  private static Section find(List<Section> sections, int id) {
    return sections.stream().filter(s -> s.id() == id).findFirst().orElse(null);
  }

  private static int rank(int id) {
    return id < ORDER.length ? ORDER[id] : Integer.MAX_VALUE;
  }
}
