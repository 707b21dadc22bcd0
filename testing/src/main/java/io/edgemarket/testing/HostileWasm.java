package io.edgemarket.testing;

import static io.edgemarket.testing.WasmEncoding.bytes;
import static io.edgemarket.testing.WasmEncoding.concat;
import static io.edgemarket.testing.WasmEncoding.name;
import static io.edgemarket.testing.WasmEncoding.u32;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated hostile WebAssembly modules (issue 13): half are mutations of the sample modules
 * ({@link WasmMutations}), half are built on purpose to push a loader or a sandbox past its limits
 * (huge memory and table limits, deep nesting, many locals or functions, unknown imports, start
 * functions that loop, lying counts, random code). Case {@code i} of a seed is always the same.
 */
public final class HostileWasm {

  /** One generated module and what it is, for the failure message. */
  public record Case(int number, String kind, byte[] bytes) {}

  private static final int START_INDEX = 1; // fd_write is imported as function 0
  private static final long[] HUGE = {
    0, 1, 256, 1024, 0xffff, 0x1_0000, 0x1_0001, 1 << 20, 0x7fff_ffffL, 0xffff_ffffL
  };

  private final HostileCases run;
  private final List<Map.Entry<String, byte[]>> samples;

  /**
   * @param samples well-formed modules by name, to mutate
   */
  public HostileWasm(HostileCases run, Map<String, byte[]> samples) {
    this.run = run;
    this.samples = new ArrayList<>(samples.entrySet());
    this.samples.sort(Map.Entry.comparingByKey()); // the same order however the map was built
  }

  public Case generate(int number) {
    Random random = run.random(number);
    if (random.nextBoolean() && !samples.isEmpty()) {
      var sample = samples.get(random.nextInt(samples.size()));
      return WasmMutations.mutate(number, random, sample.getKey(), sample.getValue());
    }
    return switch (random.nextInt(12)) {
      case 0 -> memoryLimits(number, random);
      case 1 -> tableLimits(number, random);
      case 2 -> deepNesting(number, random);
      case 3 -> manyLocals(number, random);
      case 4 -> manyFunctions(number, random);
      case 5 -> unknownImport(number, random);
      case 6 -> startFunction(number, random);
      case 7 -> brTable(number, random);
      case 8 -> randomCode(number, random);
      case 9 -> data(number, random);
      case 10 -> hostCalls(number, random);
      default -> exports(number, random);
    };
  }

  private static long huge(Random random) {
    return random.nextInt(4) == 0 ? random.nextInt(300) : HUGE[random.nextInt(HUGE.length)];
  }

  private static byte[] limits(Random random, long min, long max) {
    int flags = random.nextInt(6); // 1: max; 2 and 3: shared; 4 and 5: 64-bit
    return concat(bytes(flags), u32(min), (flags & 1) != 0 ? u32(max) : new byte[0]);
  }

  private static Case memoryLimits(int number, Random random) {
    long min = huge(random);
    long max = random.nextBoolean() ? huge(random) : min + random.nextInt(100);
    int delta = (int) Math.min(huge(random), Integer.MAX_VALUE);
    // loop: memory.grow(delta) until it fails, then end
    byte[] start = concat(bytes(0x03, 0x40, 0x41), WasmEncoding.s64(delta));
    start = concat(start, bytes(0x40, 0, 0x41, 0x7f, 0x47, 0x0d, 0, 0x0b));
    CommandModule m = new CommandModule().memory(limits(random, min, max)).body(start);
    return new Case(number, "memory limits " + min + ".." + max + ", grow by " + delta, m.build());
  }

  private static Case tableLimits(int number, Random random) {
    long min = huge(random);
    long max = huge(random);
    int delta = (int) Math.min(huge(random), Integer.MAX_VALUE);
    byte[] table = concat(bytes(1, 0x70), concat(bytes(random.nextBoolean() ? 1 : 0), u32(min)));
    table = concat(table, (table[2] & 1) != 0 ? u32(max) : new byte[0]);
    // loop: table.grow(ref.null func, delta) until it fails
    byte[] start = concat(bytes(0x03, 0x40, 0xd0, 0x70, 0x41), WasmEncoding.s64(delta));
    start = concat(start, bytes(0xfc, 15, 0, 0x41, 0x7f, 0x47, 0x0d, 0, 0x0b));
    CommandModule m = new CommandModule().section(4, table).body(start);
    return new Case(number, "table limits " + min + ".." + max + ", grow by " + delta, m.build());
  }

  private static Case deepNesting(int number, Random random) {
    int depth = 100 + random.nextInt(random.nextBoolean() ? 2_000 : 100_000);
    boolean balanced = random.nextInt(4) != 0;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < depth; i++) {
      switch (random.nextInt(3)) {
        case 0 -> body.writeBytes(bytes(0x02, 0x40));
        case 1 -> body.writeBytes(bytes(0x03, 0x40));
        default -> body.writeBytes(bytes(0x41, 1, 0x04, 0x40));
      }
    }
    for (int i = 0; i < (balanced ? depth : depth - 1); i++) {
      body.write(0x0b);
    }
    CommandModule m = new CommandModule().body(body.toByteArray());
    return new Case(number, "nesting " + depth + (balanced ? "" : " unbalanced"), m.build());
  }

  private static Case manyLocals(int number, Random random) {
    int groups = 1 + random.nextInt(4);
    List<byte[]> decls = new ArrayList<>();
    long total = 0;
    int[] types = {0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70};
    for (int i = 0; i < groups; i++) {
      long count = random.nextBoolean() ? huge(random) : 50_000 + random.nextInt(2);
      total += count;
      decls.add(concat(u32(count), bytes(types[random.nextInt(types.length)])));
    }
    // Recurses, so that a frame with that many locals is pushed again and again.
    byte[] start = concat(WasmEncoding.vector(decls), bytes(0x10, START_INDEX, 0x0b));
    CommandModule m = new CommandModule().rawBody(start);
    return new Case(number, groups + " local groups, " + total + " locals", m.build());
  }

  private static Case manyFunctions(int number, Random random) {
    int n = 1 + random.nextInt(random.nextBoolean() ? 1_000 : 60_000);
    CommandModule m = new CommandModule();
    for (int i = 0; i < n; i++) {
      // Each calls the next: a chain of calls n deep.
      m.body(i + 1 < n ? concat(bytes(0x10), u32(START_INDEX + i + 1L)) : new byte[0]);
    }
    boolean lie = random.nextInt(4) == 0;
    if (lie) {
      m.functionCountLie = huge(random);
    }
    return new Case(number, n + " functions" + (lie ? " (count lies)" : ""), m.build());
  }

  private static Case unknownImport(int number, Random random) {
    String[] modules = {"env", "wasi_unstable", "wasi_snapshot_preview1", "edgemarket_net", ""};
    String[] names = {"fd_write", "sock_open", "memory", "proc_raise", "path_open", "x"};
    String module = modules[random.nextInt(modules.length)];
    String name = names[random.nextInt(names.length)];
    int kind = random.nextInt(5);
    byte[] desc =
        switch (kind) {
          case 0 -> u32(random.nextInt(3));
          case 1 -> concat(bytes(0x70), limits(random, huge(random), huge(random)));
          case 2 -> limits(random, huge(random), huge(random));
          case 3 -> bytes(0x7f, random.nextInt(2));
          default -> bytes(0, 0);
        };
    byte[] moduleName = name(module);
    if (random.nextInt(4) == 0) {
      moduleName = bytes(2, 0xc3, 0x28); // not UTF-8
    }
    byte[] extra = concat(moduleName, name(name), bytes(kind), desc);
    CommandModule m = new CommandModule().body(new byte[0]);
    m.extraImport = extra;
    m.extraImportIsFunction = kind == 0;
    return new Case(number, "import " + module + "." + name + " kind " + kind, m.build());
  }

  private static Case startFunction(int number, Random random) {
    int what = random.nextInt(4);
    byte[] body =
        switch (what) {
          case 0 -> bytes(0x03, 0x40, 0x0c, 0, 0x0b); // loop br 0: forever
          case 1 -> bytes(0x10, START_INDEX + 1); // calls itself
          case 2 -> bytes(0x03, 0x40, 0x41, 1, 0x40, 0, 0x1a, 0x0c, 0, 0x0b); // memory.grow
          default -> bytes(0x00); // unreachable
        };
    CommandModule m = new CommandModule().body(new byte[0]).body(body);
    m.start = START_INDEX + 1;
    String[] names = {"loops", "recurses", "grows memory", "traps"};
    return new Case(number, "start function " + names[what], m.build());
  }

  private static Case brTable(int number, Random random) {
    long count = random.nextBoolean() ? huge(random) : random.nextInt(100_000);
    // All of a lying count written out would not fit in a Java array.
    int written = (int) Math.min(count, random.nextBoolean() ? 200_000 : random.nextInt(10));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(bytes(0x02, 0x40, 0x41, 7, 0x0e));
    body.writeBytes(u32(count));
    for (int i = 0; i <= written; i++) {
      body.write(0);
    }
    body.writeBytes(bytes(0x0b));
    CommandModule m = new CommandModule().body(body.toByteArray());
    return new Case(number, "br_table of " + count + " (" + written + " written)", m.build());
  }

  private static Case randomCode(int number, Random random) {
    byte[] code = new byte[1 + random.nextInt(random.nextBoolean() ? 64 : 4096)];
    random.nextBytes(code);
    CommandModule m = new CommandModule().body(code);
    return new Case(number, "random code of " + code.length + " bytes", m.build());
  }

  private static Case data(int number, Random random) {
    long offset = huge(random);
    int length = random.nextInt(2_000);
    byte[] segment =
        random.nextBoolean()
            ? concat(bytes(0, 0x41), WasmEncoding.s64((int) offset), bytes(0x0b), u32(length))
            : concat(bytes(1), u32(length));
    byte[] data = concat(u32(1), segment, new byte[random.nextInt(length + 1)]);
    // memory.fill(offset, 0, length) and memory.init past the end
    byte[] start = concat(bytes(0x41), WasmEncoding.s64((int) offset), bytes(0x41, 0, 0x41));
    start = concat(start, WasmEncoding.s64(length), bytes(0xfc, 11, 0));
    CommandModule m = new CommandModule().body(start).section(11, data);
    return new Case(number, "data segment at " + offset + " of " + length, m.build());
  }

  private static Case hostCalls(int number, Random random) {
    // fd_write(fd, iovs, iovs_len, nwritten) with hostile pointers and lengths, in a loop.
    long[] args = new long[4];
    for (int i = 0; i < 4; i++) {
      args[i] = random.nextBoolean() ? huge(random) : random.nextInt(64);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(bytes(0x41, 0, 0x41, 0x7f, 0x36, 2, 0)); // iovec len field: 127 at 0
    body.writeBytes(bytes(0x41, 4, 0x41));
    body.writeBytes(WasmEncoding.s64((int) huge(random)));
    body.writeBytes(bytes(0x36, 2, 0)); // iovec ptr at 4 (reversed order on purpose)
    body.writeBytes(bytes(0x03, 0x40));
    for (long arg : args) {
      body.writeBytes(bytes(0x41));
      body.writeBytes(WasmEncoding.s64((int) arg));
    }
    body.writeBytes(bytes(0x10, 0, 0x45, 0x0d, 0, 0x0b)); // again while it succeeds
    CommandModule m = new CommandModule().body(body.toByteArray());
    return new Case(number, "fd_write" + java.util.Arrays.toString(args), m.build());
  }

  private static Case exports(int number, Random random) {
    String[] names = {"_start", "memory", "__edgemarket_fuel", "__edgemarket_x", ""};
    List<byte[]> extra = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(4);
      extra.add(concat(name(names[random.nextInt(names.length)]), bytes(kind), u32(huge(random))));
    }
    CommandModule m = new CommandModule().body(new byte[0]);
    m.extraExports = extra;
    return new Case(number, n + " more exports", m.build());
  }
}
