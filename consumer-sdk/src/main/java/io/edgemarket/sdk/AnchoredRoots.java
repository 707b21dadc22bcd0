package io.edgemarket.sdk;

import io.edgemarket.model.ledger.BridgeRecords;
import java.util.Optional;

/**
 * What the chain says about one anchor the ledger lists: the Merkle root it holds for the anchor
 * recorded in {@link BridgeRecords.Anchor#chainTxHash()}. The SDK does not speak to chains; the
 * caller reads this with the chain's own client (the CLI with module {@code bridge}).
 */
@FunctionalInterface
public interface AnchoredRoots {

  /**
   * The root the chain holds for this anchor (64 hex digits, {@code 0x} optional, any case), or
   * empty when the chain holds none for it (the transaction anchored nothing, or not on this
   * escrow).
   *
   * @throws Exception when the chain cannot be read: the check stops rather than guess
   */
  Optional<String> rootOf(BridgeRecords.Anchor anchor) throws Exception;
}
