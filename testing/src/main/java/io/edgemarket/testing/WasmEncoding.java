package io.edgemarket.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces of the WebAssembly binary format the hostile generator writes and takes apart: LEB128
 * numbers (also overlong and overflowing ones), names, sections, and where each section of a module
 * starts.
 */
final class WasmEncoding {

  static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

  /** A section of a module: its id, where its header starts, where its content starts and ends. */
  record Section(int id, int start, int contentStart, int end) {}

  private WasmEncoding() {}

  static byte[] u32(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long rest = value;
    do {
      int b = (int) (rest & 0x7f);
      rest >>>= 7;
      out.write(rest == 0 ? b : b | 0x80);
    } while (rest != 0);
    return out.toByteArray();
  }

  /** {@code value} padded to {@code length} bytes with continuation bits (over 5: overlong). */
  static byte[] paddedU32(long value, int length) {
    byte[] out = new byte[length];
    long rest = value;
    for (int i = 0; i < length; i++) {
      out[i] = (byte) ((rest & 0x7f) | (i < length - 1 ? 0x80 : 0));
      rest >>>= 7;
    }
    return out;
  }

  static byte[] s64(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long rest = value;
    while (true) {
      int b = (int) (rest & 0x7f);
      rest >>= 7;
      boolean done = (rest == 0 && (b & 0x40) == 0) || (rest == -1 && (b & 0x40) != 0);
      out.write(done ? b : b | 0x80);
      if (done) {
        return out.toByteArray();
      }
    }
  }

  static byte[] name(String s) {
    return concat(u32(s.getBytes(StandardCharsets.UTF_8).length), utf8(s));
  }

  static byte[] section(int id, byte[] content) {
    return concat(new byte[] {(byte) id}, u32(content.length), content);
  }

  /** A vector: its count, then the items. */
  static byte[] vector(List<byte[]> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(u32(items.size()));
    items.forEach(out::writeBytes);
    return out.toByteArray();
  }

  static byte[] module(byte[]... sections) {
    return concat(HEADER, concat(sections));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The sections of a well-formed module, in order; stops at the first that does not fit. */
  static List<Section> sections(byte[] module) {
    List<Section> sections = new ArrayList<>();
    int at = HEADER.length;
    while (at < module.length) {
      int id = module[at] & 0xff;
      int p = at + 1;
      long size = 0;
      int shift = 0;
      while (p < module.length && shift < 35) {
        int b = module[p++] & 0xff;
        size |= (long) (b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      if (p + size > module.length) {
        break;
      }
      sections.add(new Section(id, at, p, (int) (p + size)));
      at = (int) (p + size);
    }
    return sections;
  }
}
