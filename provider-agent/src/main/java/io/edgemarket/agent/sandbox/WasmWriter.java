package io.edgemarket.agent.sandbox;

import java.io.ByteArrayOutputStream;

/** Builds WebAssembly binary-format bytes: the encoder Chicory does not have. */
final class WasmWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  WasmWriter u8(int b) {
    out.write(b);
    return this;
  }

  WasmWriter u32(long value) {
    long rest = value;
    do {
      int b = (int) (rest & 0x7f);
      rest >>>= 7;
      out.write(rest == 0 ? b : b | 0x80);
    } while (rest != 0);
    return this;
  }

  WasmWriter s64(long value) {
    long rest = value;
    while (true) {
      int b = (int) (rest & 0x7f);
      rest >>= 7;
      boolean done = (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0);
      out.write(done ? b : b | 0x80);
      if (done) {
        return this;
      }
    }
  }

  WasmWriter bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  WasmWriter bytes(byte[] b, int from, int to) {
    out.write(b, from, to - from);
    return this;
  }

  /** A name: its UTF-8 length, then the bytes. */
  WasmWriter name(String s) {
    byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return u32(utf8.length).bytes(utf8);
  }

  /** A section: its id, the size of its content, then the content. */
  WasmWriter section(int id, byte[] content) {
    return u8(id).u32(content.length).bytes(content);
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
