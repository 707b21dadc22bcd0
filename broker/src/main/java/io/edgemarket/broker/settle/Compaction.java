package io.edgemarket.broker.settle;

/**
 * When the settlement queue folds its logs into a checkpoint, and what of the past it keeps.
 *
 * @param logBytes the size of the current log generation beyond which it is checkpointed
 * @param retainMillis how long a paid batch and its receipts stay in the checkpoint, so that a
 *     restarted broker still answers lookups and retries of those invocations
 * @param retainReceipts at most this many paid receipts are kept (oldest batches go first)
 */
public record Compaction(long logBytes, long retainMillis, int retainReceipts) {
  /** 16 MiB of logs; paid receipts kept 15 minutes (as outputs are), at most 20000. */
  public static final Compaction DEFAULT = new Compaction(16L << 20, 15 * 60_000L, 20_000);
}
