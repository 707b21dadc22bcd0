package io.edgemarket.broker.invoke;

/**
 * How long and how much the broker keeps of invocations' answers beyond their receipts: outputs for
 * {@code outputMillis} after the answer, within {@code memoryBytes} of outputs held in memory and
 * {@code diskBytes} of invocation records on disk (written in segments of {@code segmentMillis} or
 * {@code segmentBytes}). docs/http-api.md states the defaults.
 */
record Retention(
    long outputMillis, long memoryBytes, long diskBytes, long segmentMillis, long segmentBytes) {

  /** 15 minutes; 64 MiB of outputs in memory; 256 MiB of records on disk. */
  static final Retention DEFAULT =
      new Retention(15 * 60_000L, 64L << 20, 256L << 20, 5 * 60_000L, 32L << 20);
}
