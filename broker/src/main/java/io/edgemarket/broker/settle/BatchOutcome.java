package io.edgemarket.broker.settle;

import java.util.List;

/**
 * What the ledger did with one submitted batch, as persisted in the batch marker file and handed to
 * the rest of the broker. A receipt the ledger had already settled (DUPLICATE, after a restart)
 * counts as settled, with the batch it was first settled in when the ledger could tell.
 */
public record BatchOutcome(
    String batchId,
    String merkleRoot,
    List<Settled> settled,
    List<Rejected> rejected,
    long totalAmount,
    long at) {

  public BatchOutcome {
    settled = settled == null ? List.of() : List.copyOf(settled);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /**
   * A paid receipt: who paid how much, and in which batch. {@code invocationId} is the receipt's
   * run id: the invocation id of a primary run, {@code id#replica} of a redundant one.
   */
  public record Settled(String invocationId, String consumerId, long amount, String batchId) {}

  /** A receipt the ledger refused, with its code (e.g. BAD_SIGNATURE, INSUFFICIENT_FUNDS). */
  public record Rejected(
      String invocationId, String consumerId, long amount, String code, String message) {}
}
