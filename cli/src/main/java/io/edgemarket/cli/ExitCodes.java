package io.edgemarket.cli;

/**
 * The exit codes users' scripts rely on. They separate "the function ran and failed" (the caller's
 * code is at fault, and paid for) from "the market could not or would not run it" (retry later, or
 * fix the market) from "the command line was wrong" (fix the script).
 */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;

  /**
   * {@code invoke}: the function ended in a function error. {@code audit}: discrepancies found.
   * {@code receipt verify}: a step failed.
   */
  static final int FUNCTION_ERROR = 1;

  /** The broker or ledger failed or refused (also: broker unreachable, audit not completed). */
  static final int FAILED = 2;

  /** Bad options or arguments, or no market data (identity, files) where the options point. */
  static final int USAGE = 3;

  private ExitCodes() {}
}
