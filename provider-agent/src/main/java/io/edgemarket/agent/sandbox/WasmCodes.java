package io.edgemarket.agent.sandbox;

/** Byte codes of the binary format that the instrumenter reads or writes by hand. */
final class WasmCodes {

  // Section ids.
  static final int CUSTOM = 0;
  static final int TYPE = 1;
  static final int GLOBAL = 6;
  static final int EXPORT = 7;
  static final int START = 8;
  static final int CODE = 10;
  static final int TAG = 13;

  // Types.
  static final int FUNC_TYPE = 0x60;
  static final int EMPTY_BLOCK = 0x40;
  static final int I32 = 0x7f;
  static final int I64 = 0x7e;
  static final int V128 = 0x7b;
  static final int REF_NULL = 0x63;
  static final int REF = 0x64;
  static final int MUTABLE = 0x01;
  static final int EXPORT_GLOBAL = 0x03;

  // Instructions emitted by the instrumenter.
  static final int UNREACHABLE = 0x00;
  static final int BLOCK = 0x02;
  static final int IF = 0x04;
  static final int END = 0x0b;
  static final int BR = 0x0c;
  static final int LOCAL_GET = 0x20;
  static final int LOCAL_SET = 0x21;
  static final int GLOBAL_GET = 0x23;
  static final int GLOBAL_SET = 0x24;
  static final int MEMORY_SIZE = 0x3f;
  static final int I32_CONST = 0x41;
  static final int I64_CONST = 0x42;
  static final int I64_LT_S = 0x53;
  static final int I64_LT_U = 0x54;
  static final int I64_GT_U = 0x56;
  static final int SELECT = 0x1b;
  static final int I64_ADD = 0x7c;
  static final int I64_SUB = 0x7d;
  static final int I64_OR = 0x84;
  static final int I64_EXTEND_I32_U = 0xad;
  static final int MISC_PREFIX = 0xfc;
  static final int TABLE_SIZE = 0x10;

  private WasmCodes() {}
}
