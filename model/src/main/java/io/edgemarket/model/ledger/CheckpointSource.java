package io.edgemarket.model.ledger;

/**
 * A ledger that hands out signed {@link Checkpoint}s: the embedded ledger, in process or through
 * the broker's relay. (On Fabric every peer keeps the blocks and the channel's orderers sign them;
 * a client there chooses the peer it asks.)
 */
public interface CheckpointSource {
  /** The ledger's checkpoint of its current last block. */
  Checkpoint latestCheckpoint() throws LedgerException;

  /**
   * A checkpoint of block {@code height - 1} as the ledger holds it now; NOT_FOUND when the ledger
   * holds fewer than {@code height} blocks.
   */
  Checkpoint checkpointAt(long height) throws LedgerException;
}
