package io.edgemarket.agent.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds small binary modules for the cases no sample covers; too repetitive to write as WAT. */
final class WasmBytes {

  private static final int I64 = 0x7e;
  private static final int CALL = 0x10;
  private static final int END = 0x0b;

  private WasmBytes() {}

  static byte[] module(byte[]... sections) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
    for (byte[] section : sections) {
      out.writeBytes(section);
    }
    return out.toByteArray();
  }

  static byte[] section(int id, int... content) {
    return section(id, bytes(content));
  }

  static byte[] section(int id, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(id);
    leb(out, content.length);
    out.writeBytes(content);
    return out.toByteArray();
  }

  /** An import section body holding one function import of type {@code typeIndex}. */
  static byte[] functionImport(String module, String name, int typeIndex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    name(out, module);
    name(out, name);
    out.write(0);
    out.write(typeIndex);
    return out.toByteArray();
  }

  /**
   * A valid command module whose {@code _start} declares {@code i64Locals} locals, pushes {@code
   * pushes} i64 constants, calls itself, then drops them: unbounded recursion with fat frames.
   */
  static byte[] fatRecursion(int i64Locals, int pushes) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (i64Locals == 0) {
      body.write(0);
    } else {
      body.write(1);
      leb(body, i64Locals);
      body.write(I64);
    }
    for (int i = 0; i < pushes; i++) {
      body.writeBytes(new byte[] {0x42, 0x00}); // i64.const 0
    }
    body.writeBytes(new byte[] {CALL, 0x00});
    for (int i = 0; i < pushes; i++) {
      body.write(0x1a); // drop
    }
    body.write(END);

    ByteArrayOutputStream code = new ByteArrayOutputStream();
    code.write(1);
    leb(code, body.size());
    code.writeBytes(body.toByteArray());

    ByteArrayOutputStream exports = new ByteArrayOutputStream();
    exports.write(2);
    name(exports, "_start");
    exports.writeBytes(new byte[] {0x00, 0x00}); // function 0
    name(exports, "memory");
    exports.writeBytes(new byte[] {0x02, 0x00}); // memory 0

    return module(
        section(1, 1, 0x60, 0, 0), // one type: [] -> []
        section(3, 1, 0), // one function of type 0
        section(5, 1, 0, 1), // one memory, one page
        section(7, exports.toByteArray()),
        section(10, code.toByteArray()));
  }

  /**
   * A command module with one memory, exporting {@code _start} (function {@code start}) and {@code
   * memory} plus {@code extraExports} (names of more exports of function {@code start}).
   *
   * @param types the type section's content
   * @param functions the function section's content
   * @param bodies the code section's content
   * @param before sections to place before the export section (tags, tables, globals)
   */
  static byte[] command(
      byte[] types,
      byte[] functions,
      byte[] bodies,
      int start,
      byte[][] before,
      String... extraExports) {
    WasmWriter exports = new WasmWriter().u32(2 + extraExports.length);
    exports.name("_start").u8(0).u32(start).name("memory").u8(2).u32(0);
    for (String name : extraExports) {
      exports.name(name).u8(0).u32(start);
    }
    ByteArrayOutputStream sections = new ByteArrayOutputStream();
    sections.writeBytes(section(1, types));
    sections.writeBytes(section(3, functions));
    sections.writeBytes(section(5, 1, 0, 1));
    for (byte[] section : before) {
      sections.writeBytes(section);
    }
    sections.writeBytes(section(7, exports.toByteArray()));
    sections.writeBytes(section(10, bodies));
    return module(sections.toByteArray());
  }

  /**
   * A command module whose {@code _start} calls {@code $down(depth)}, which calls itself with one
   * less until 0: {@code depth + 2} nested frames in all.
   */
  static byte[] countdown(int depth) {
    byte[] down = bytes(0, 0x20, 0, 0x04, 0x40, 0x20, 0, 0x41, 1, 0x6b, 0x10, 0, 0x0b, 0x0b);
    WasmWriter start = new WasmWriter().u8(0).u8(0x41).s64(depth).u8(0x10).u8(0).u8(0x0b);
    return command(
        bytes(2, 0x60, 0, 0, 0x60, 1, 0x7f, 0),
        bytes(2, 1, 0),
        code(down, start.toByteArray()),
        1,
        new byte[0][]);
  }

  /** A code section's content: each body (locals and instructions) preceded by its size. */
  static byte[] code(byte[]... bodies) {
    WasmWriter out = new WasmWriter().u32(bodies.length);
    for (byte[] body : bodies) {
      out.u32(body.length).bytes(body);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  private static void name(ByteArrayOutputStream out, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    leb(out, utf8.length);
    out.writeBytes(utf8);
  }

  private static void leb(ByteArrayOutputStream out, int value) {
    int rest = value;
    do {
      int b = rest & 0x7f;
      rest >>>= 7;
      out.write(rest == 0 ? b : b | 0x80);
    } while (rest != 0);
  }
}
