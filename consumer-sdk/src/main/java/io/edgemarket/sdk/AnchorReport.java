package io.edgemarket.sdk;

/**
 * What an anchor check found: how many anchors the ledger lists, how many were checked before the
 * first mismatch (all of them when there is none), and that mismatch, or null.
 */
public record AnchorReport(int anchors, int matched, Mismatch mismatch) {

  /** True when every anchor's root on chain is the ledger's root of its batch. */
  public boolean ok() {
    return mismatch == null;
  }

  /**
   * The first anchor whose roots disagree: the ledger's root of the batch, the root the anchor
   * record holds, and the chain's (null when the chain holds none for it).
   */
  public record Mismatch(
      long sequence,
      String batchId,
      String chainTxHash,
      String ledgerRoot,
      String recordedRoot,
      String chainRoot,
      String message) {}
}
