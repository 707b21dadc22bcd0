package io.edgemarket.model.merkle;

import io.edgemarket.model.crypto.Crypto;
import java.util.List;

/** The path that proves one receipt belongs to a settled batch, checkable by anyone. */
public record MerkleProof(int index, List<Step> steps) {

  /** One sibling hash, and whether it sits to the left of the path. */
  public record Step(String siblingHex, boolean left) {}

  public MerkleProof {
    steps = List.copyOf(steps);
  }

  public boolean verifies(byte[] leafHash, String rootHex) {
    byte[] current = MerkleTree.leaf(leafHash);
    for (Step step : steps) {
      byte[] sibling;
      try {
        sibling = Crypto.unhex(step.siblingHex());
      } catch (IllegalArgumentException e) {
        return false;
      }
      current = step.left() ? MerkleTree.node(sibling, current) : MerkleTree.node(current, sibling);
    }
    return Crypto.hex(current).equalsIgnoreCase(rootHex);
  }
}
