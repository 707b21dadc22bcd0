package io.edgemarket.testing;

import static io.edgemarket.testing.WasmEncoding.concat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a well-formed module: bits flipped, bytes inserted and deleted, truncation at a
 * section boundary, section sizes and vector counts that lie, LEB128 numbers re-encoded overlong or
 * overflowing, sections dropped, doubled or swapped.
 */
final class WasmMutations {

  private static final long[] LIES = {0, 1, 0x7f, 0x80, 0xffff, 0x7fff_ffffL, 0xffff_ffffL};

  private WasmMutations() {}

  /** A mutation of {@code module}, with the name of what was done. */
  static HostileWasm.Case mutate(int number, Random random, String sample, byte[] module) {
    List<WasmEncoding.Section> sections = WasmEncoding.sections(module);
    WasmEncoding.Section s =
        sections.isEmpty() ? null : sections.get(random.nextInt(sections.size()));
    int choice = random.nextInt(10);
    if (s == null && choice >= 3) {
      choice = 0;
    }
    String kind;
    byte[] bytes;
    switch (choice) {
      case 0 -> {
        bytes = module.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        kind = "bit-flips x" + flips;
      }
      case 1 -> {
        int at = random.nextInt(module.length + 1);
        byte[] inserted = new byte[1 + random.nextInt(4)];
        random.nextBytes(inserted);
        bytes = concat(Arrays.copyOf(module, at), inserted, tail(module, at));
        kind = "insert " + inserted.length + " at " + at;
      }
      case 2 -> {
        int at = random.nextInt(module.length);
        int n = Math.min(1 + random.nextInt(4), module.length - at);
        bytes = concat(Arrays.copyOf(module, at), tail(module, at + n));
        kind = "delete " + n + " at " + at;
      }
      case 3 -> {
        // At a boundary, or a few bytes either side of one.
        int[] cuts = {s.start(), s.contentStart(), s.end()};
        int cut = cuts[random.nextInt(3)] + random.nextInt(5) - 2;
        cut = Math.max(0, Math.min(module.length - 1, cut));
        bytes = Arrays.copyOf(module, cut);
        kind = "truncate at " + cut + " (section " + s.id() + ")";
      }
      case 4 -> {
        long size = s.end() - s.contentStart();
        long lie =
            random.nextBoolean()
                ? Math.max(0, size + random.nextInt(9) - 4)
                : LIES[random.nextInt(LIES.length)];
        bytes = withSize(module, s, WasmEncoding.u32(lie));
        kind = "section " + s.id() + " size " + size + " said " + lie;
      }
      case 5 -> {
        // Most sections start with a vector count: make it lie.
        long lie = LIES[random.nextInt(LIES.length)] + random.nextInt(3);
        byte[] content = Arrays.copyOfRange(module, s.contentStart(), s.end());
        int old = lebLength(content, 0);
        byte[] changed = concat(WasmEncoding.u32(lie & 0xffff_ffffL), tail(content, old));
        bytes = replace(module, s, WasmEncoding.section(s.id(), changed));
        kind = "section " + s.id() + " count said " + lie;
      }
      case 6 -> {
        long size = s.end() - s.contentStart();
        int length = 5 + random.nextInt(6);
        byte[] encoded = WasmEncoding.paddedU32(size, length);
        if (random.nextBoolean()) {
          encoded[Math.min(4, length - 1)] |= 0x70; // bits past 32: overflowing
          kind = "section " + s.id() + " size overflowing LEB128";
        } else {
          kind = "section " + s.id() + " size as " + length + "-byte LEB128";
        }
        bytes = withSize(module, s, encoded);
      }
      case 7 -> {
        bytes = concat(Arrays.copyOf(module, s.start()), tail(module, s.end()));
        kind = "drop section " + s.id();
      }
      case 8 -> {
        byte[] whole = Arrays.copyOfRange(module, s.start(), s.end());
        bytes = concat(Arrays.copyOf(module, s.end()), whole, tail(module, s.end()));
        kind = "double section " + s.id();
      }
      default -> {
        WasmEncoding.Section t = sections.get(random.nextInt(sections.size()));
        WasmEncoding.Section first = s.start() < t.start() ? s : t;
        WasmEncoding.Section second = first == s ? t : s;
        bytes =
            first == second
                ? module.clone()
                : concat(
                    Arrays.copyOf(module, first.start()),
                    Arrays.copyOfRange(module, second.start(), second.end()),
                    Arrays.copyOfRange(module, first.end(), second.start()),
                    Arrays.copyOfRange(module, first.start(), first.end()),
                    tail(module, second.end()));
        kind = "swap sections " + s.id() + " and " + t.id();
      }
    }
    return new HostileWasm.Case(number, sample + ": " + kind, bytes);
  }

  private static byte[] withSize(byte[] module, WasmEncoding.Section s, byte[] size) {
    byte[] header = concat(new byte[] {(byte) s.id()}, size);
    return concat(
        Arrays.copyOf(module, s.start()),
        header,
        Arrays.copyOfRange(module, s.contentStart(), s.end()),
        tail(module, s.end()));
  }

  private static byte[] replace(byte[] module, WasmEncoding.Section s, byte[] with) {
    return concat(Arrays.copyOf(module, s.start()), with, tail(module, s.end()));
  }

  private static byte[] tail(byte[] bytes, int from) {
    return Arrays.copyOfRange(bytes, Math.min(from, bytes.length), bytes.length);
  }

  private static int lebLength(byte[] bytes, int at) {
    int p = at;
    while (p < bytes.length && (bytes[p] & 0x80) != 0) {
      p++;
    }
    return Math.min(p + 1, bytes.length) - at;
  }
}
