package io.edgemarket.agent.sandbox;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Random but valid, always terminating command modules for property tests of the instrumenter:
 * {@code _start} evaluates a random i32 expression tree mixing blocks, if/else, br_if, br_table,
 * bounded loops, direct, indirect and multi-value calls, a block with parameters, an early return,
 * select, globals and memory, then writes the 4-byte result to stdout.
 */
final class RandomModules {

  // Function indices: fd_write is imported (0); then these.
  private static final int MIX = 1; // (i32 i32) -> (i32 i32)
  private static final int EARLY = 4; // (i32) -> i32, returns from inside nested blocks
  private static final int START = 5;
  private static final int TYPE_UNARY = 2;
  private static final int TYPE_BINARY = 4; // (i32 i32) -> i32, for the block with parameters
  private static final int LOOP_LOCALS = 16;

  private final Random random;
  private final boolean blockParameters;
  private final ByteArrayOutputStream code = new ByteArrayOutputStream();
  private int nextLoopLocal = 1; // local 0 holds the result

  private RandomModules(long seed, boolean blockParameters) {
    this.random = new Random(seed);
    this.blockParameters = blockParameters;
  }

  /**
   * @param blockParameters whether to use blocks that take parameters (which keep a module in the
   *     interpreter, see {@link ModuleShape#BLOCK_PARAMETERS})
   */
  static byte[] generate(long seed, int depth, boolean blockParameters) {
    RandomModules g = new RandomModules(seed, blockParameters);
    g.expression(depth);
    // local 0 = result; mem[16] = local 0; iovec {16, 4} at 0; fd_write(1, 0, 1, 8)
    g.op(0x21, 0).op(0x41, 16).op(0x20, 0).op(0x36, 2, 0);
    g.op(0x41, 0).op(0x41, 16).op(0x36, 2, 0).op(0x41, 4).op(0x41, 4).op(0x36, 2, 0);
    g.op(0x41, 1).op(0x41, 0).op(0x41, 1).op(0x41, 8).op(0x10, 0).op(0x1a).op(0x0b);
    return module(g.code.toByteArray());
  }

  private void expression(int depth) {
    int choice = depth == 0 ? random.nextInt(3) : random.nextInt(16);
    switch (choice) {
      case 0 -> op(0x41).sleb(random.nextInt());
      case 1 -> op(0x23, 0); // global.get
      case 2 -> op(0x3f, 0); // memory.size
      case 3, 4 -> {
        expression(depth - 1);
        expression(depth - 1);
        int[] ops = {0x6a, 0x6b, 0x6c, 0x73, 0x71, 0x72, 0x74, 0x76, 0x77};
        op(ops[random.nextInt(ops.length)]);
      }
      case 5 -> block(() -> expression(depth - 1));
      case 6 -> {
        expression(depth - 1);
        op(0x04, 0x7f);
        expression(depth - 1);
        op(0x05);
        expression(depth - 1);
        op(0x0b);
      }
      case 7 ->
          block(
              () -> {
                expression(depth - 1);
                expression(depth - 1);
                op(0x0d, 0).op(0x1a); // br_if 0 with a value, else drop it
                expression(depth - 1);
              });
      case 8 -> {
        // block $out (result i32) block block block <index % 3> br_table 0 1 2 end <e0> br $out ...
        op(0x02, 0x7f).op(0x02, 0x40).op(0x02, 0x40).op(0x02, 0x40);
        expression(depth - 1);
        op(0x41, 3).op(0x70).op(0x0e, 2, 0, 1, 2).op(0x0b);
        for (int arm = 0; arm < 3; arm++) {
          expression(depth - 1);
          if (arm < 2) {
            op(0x0c, 2 - arm).op(0x0b); // br $out, then close this arm's block
          }
        }
        op(0x0b);
      }
      case 9 -> {
        expression(depth - 1);
        expression(depth - 1);
        op(0x10, MIX).op(0x6b); // both results, subtracted
      }
      case 10 -> {
        expression(depth - 1);
        expression(depth - 1);
        op(0x41, 3).op(0x70).op(0x11, TYPE_UNARY, 0); // call_indirect through the table
      }
      case 11 -> loop(depth);
      case 12 -> {
        expression(depth - 1);
        expression(depth - 1);
        expression(depth - 1);
        op(0x1b); // select
      }
      case 13 -> {
        expression(depth - 1);
        op(0x24, 0).op(0x23, 0); // global.set, global.get
      }
      case 14 -> {
        int address = 64 + 4 * random.nextInt(16);
        op(0x41).sleb(address);
        expression(depth - 1);
        op(0x36, 2, 0).op(0x41).sleb(address).op(0x28, 2, 0); // store, load back
      }
      default -> {
        if (!blockParameters || random.nextBoolean()) {
          expression(depth - 1);
          op(0x10, EARLY);
        } else {
          expression(depth - 1);
          expression(depth - 1);
          op(0x02, TYPE_BINARY).op(0x6a).op(0x0b); // block (param i32 i32) (result i32) i32.add
        }
      }
    }
  }

  private void loop(int depth) {
    if (nextLoopLocal + 2 > 1 + LOOP_LOCALS) {
      op(0x41).sleb(random.nextInt(100));
      return;
    }
    int counter = nextLoopLocal++;
    int sum = nextLoopLocal++;
    op(0x41).sleb(1 + random.nextInt(4)).op(0x21, counter).op(0x41, 0).op(0x21, sum);
    op(0x03, 0x40).op(0x20, sum);
    expression(depth - 1);
    op(0x6a).op(0x21, sum);
    op(0x20, counter).op(0x41, 1).op(0x6b).op(0x22, counter).op(0x0d, 0).op(0x0b);
    op(0x20, sum);
  }

  private void block(Runnable body) {
    op(0x02, 0x7f);
    body.run();
    op(0x0b);
  }

  private RandomModules op(int... bytes) {
    for (int b : bytes) {
      code.write(b);
    }
    return this;
  }

  private RandomModules sleb(long value) {
    code.writeBytes(new WasmWriter().s64(value).toByteArray());
    return this;
  }

  private static byte[] module(byte[] startBody) {
    // 0: [] -> []; 1: (i32 i32) -> (i32 i32); 2: i32 -> i32; 3: fd_write; 4: (i32 i32) -> i32
    byte[] types = {
      5, 0x60, 0, 0, 0x60, 2, 0x7f, 0x7f, 2, 0x7f, 0x7f, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 4, 0x7f,
      0x7f, 0x7f, 0x7f, 1, 0x7f, 0x60, 2, 0x7f, 0x7f, 1, 0x7f
    };
    WasmWriter code = new WasmWriter().u32(5);
    body(code, new byte[] {0, 0x20, 0, 0x20, 1, 0x6a, 0x20, 0, 0x20, 1, 0x73, 0x0b});
    body(code, new byte[] {0, 0x20, 0, 0x41, 1, 0x6a, 0x0b});
    body(code, new byte[] {0, 0x20, 0, 0x41, 5, 0x77, 0x0b});
    // block block (x & 1) if (x * 3) return end end end x - 1
    body(
        code,
        new byte[] {
          0, 0x02, 0x40, 0x02, 0x40, 0x20, 0, 0x41, 1, 0x71, 0x04, 0x40, 0x20, 0, 0x41, 3, 0x6c,
          0x0f, 0x0b, 0x0b, 0x0b, 0x20, 0, 0x41, 1, 0x6b, 0x0b
        });
    WasmWriter start = new WasmWriter().u32(1).u32(1 + LOOP_LOCALS).u8(0x7f).bytes(startBody);
    code.u32(start.size()).bytes(start.toByteArray());
    return WasmBytes.module(
        WasmBytes.section(1, types),
        WasmBytes.section(2, WasmBytes.functionImport("wasi_snapshot_preview1", "fd_write", 3)),
        WasmBytes.section(3, new byte[] {5, 1, 2, 2, 2, 0}),
        WasmBytes.section(4, new byte[] {1, 0x70, 0, 3}),
        WasmBytes.section(5, new byte[] {1, 0, 1}),
        WasmBytes.section(6, new byte[] {1, 0x7f, 1, 0x41, 7, 0x0b}),
        WasmBytes.section(7, exports()),
        WasmBytes.section(9, new byte[] {1, 0, 0x41, 0, 0x0b, 3, 2, 3, 4}),
        WasmBytes.section(10, code.toByteArray()));
  }

  private static void body(WasmWriter code, byte[] body) {
    code.u32(body.length).bytes(body);
  }

  private static byte[] exports() {
    WasmWriter exports = new WasmWriter().u32(2).name("_start").u8(0).u32(START);
    return exports.name("memory").u8(2).u32(0).toByteArray();
  }
}
