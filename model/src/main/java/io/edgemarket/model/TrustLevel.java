package io.edgemarket.model;

/**
 * How much a consumer wants a function's results checked. Every level keeps signed receipts and
 * reputation; higher levels add redundant execution or deterministic re-execution by an auditor.
 */
public enum TrustLevel {
  /** A provider-signed receipt per invocation, plus reputation. */
  RECEIPT,
  /** Sampled redundant execution on several providers with a quorum. */
  REDUNDANT,
  /** Deterministic re-execution of sampled invocations by an auditor. */
  REEXECUTE
}
