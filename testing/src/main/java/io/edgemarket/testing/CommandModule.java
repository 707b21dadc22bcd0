package io.edgemarket.testing;

import static io.edgemarket.testing.WasmEncoding.bytes;
import static io.edgemarket.testing.WasmEncoding.concat;
import static io.edgemarket.testing.WasmEncoding.name;
import static io.edgemarket.testing.WasmEncoding.u32;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A WASI command module under construction for {@link HostileWasm}: it imports {@code fd_write}
 * (function 0), defines its functions of type {@code [] -> []} from 1 on, exports the first as
 * {@code _start} and memory 0 as {@code memory}. Each part can be made hostile.
 */
final class CommandModule {

  private final List<byte[]> bodies = new ArrayList<>();
  private final Map<Integer, byte[]> sections = new TreeMap<>();
  private byte[] memory = bytes(0, 1);
  Long functionCountLie;
  Integer start;
  byte[] extraImport;
  boolean extraImportIsFunction;
  List<byte[]> extraExports = List.of();

  /** A function with no locals whose code is {@code code} followed by {@code end}. */
  CommandModule body(byte[] code) {
    return rawBody(concat(bytes(0), code, bytes(0x0b)));
  }

  /** A function body as the code section holds it: locals, code, {@code end}. */
  CommandModule rawBody(byte[] body) {
    bodies.add(body);
    return this;
  }

  CommandModule memory(byte[] limits) {
    this.memory = limits;
    return this;
  }

  CommandModule section(int id, byte[] content) {
    sections.put(id, content);
    return this;
  }

  byte[] build() {
    // 0: [] -> []; 1: fd_write (i32 i32 i32 i32) -> i32
    sections.put(1, bytes(2, 0x60, 0, 0, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f));
    byte[] fdWrite = concat(name("wasi_snapshot_preview1"), name("fd_write"), bytes(0, 1));
    sections.put(
        2, extraImport == null ? concat(u32(1), fdWrite) : concat(u32(2), fdWrite, extraImport));
    int imported = extraImportIsFunction ? 2 : 1;
    byte[] types = new byte[bodies.size()];
    sections.put(
        3, concat(u32(functionCountLie != null ? functionCountLie : bodies.size()), types));
    sections.put(5, concat(u32(1), memory));
    List<byte[]> exports = new ArrayList<>();
    exports.add(concat(name("_start"), bytes(0), u32(imported)));
    exports.add(concat(name("memory"), bytes(2, 0)));
    exports.addAll(extraExports);
    sections.put(7, WasmEncoding.vector(exports));
    if (start != null) {
      sections.put(8, u32(start + imported - 1L));
    }
    List<byte[]> code = new ArrayList<>();
    for (byte[] body : bodies) {
      code.add(concat(u32(body.length), body));
    }
    sections.put(10, WasmEncoding.vector(code));
    List<byte[]> out = new ArrayList<>();
    sections.forEach((id, content) -> out.add(WasmEncoding.section(id, content)));
    return WasmEncoding.module(out.toArray(byte[][]::new));
  }
}
