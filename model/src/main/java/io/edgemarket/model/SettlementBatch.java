package io.edgemarket.model;

import io.edgemarket.model.merkle.MerkleTree;
import java.util.List;

/**
 * Receipts the broker settles in one ledger transaction. The root commits to every receipt in
 * order; each receipt stays individually provable by its Merkle path.
 */
public record SettlementBatch(String batchId, String merkleRoot, List<Receipt> receipts) {
  public SettlementBatch {
    receipts = receipts == null ? List.of() : List.copyOf(receipts);
  }

  public static SettlementBatch of(String batchId, List<Receipt> receipts) {
    return new SettlementBatch(batchId, rootOf(receipts), receipts);
  }

  public static String rootOf(List<Receipt> receipts) {
    return MerkleTree.of(receipts.stream().map(Receipt::leafHash).toList()).rootHex();
  }
}
