package io.edgemarket.model.merkle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Crypto;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(Crypto.sha256(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    return leaves;
  }

  @Test
  void everyLeafProvesAgainstTheRootForManySizes() {
    for (int n = 1; n <= 33; n++) {
      List<byte[]> leaves = leaves(n);
      MerkleTree tree = MerkleTree.of(leaves);
      for (int i = 0; i < n; i++) {
        assertTrue(tree.proof(i).verifies(leaves.get(i), tree.rootHex()), n + "/" + i);
      }
    }
  }

  @Test
  void aProofDoesNotVerifyAnotherLeafOrRoot() {
    List<byte[]> leaves = leaves(7);
    MerkleTree tree = MerkleTree.of(leaves);
    MerkleProof proof = tree.proof(3);
    assertFalse(proof.verifies(leaves.get(4), tree.rootHex()));
    assertFalse(proof.verifies(leaves.get(3), MerkleTree.of(leaves(8)).rootHex()));
  }

  @Test
  void orderAndDuplicationChangeTheRoot() {
    List<byte[]> leaves = leaves(3);
    List<byte[]> swapped = List.of(leaves.get(1), leaves.get(0), leaves.get(2));
    List<byte[]> padded = List.of(leaves.get(0), leaves.get(1), leaves.get(2), leaves.get(2));
    String root = MerkleTree.of(leaves).rootHex();
    assertNotEquals(root, MerkleTree.of(swapped).rootHex());
    assertNotEquals(root, MerkleTree.of(padded).rootHex());
  }

  @Test
  void emptyTreeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> MerkleTree.of(List.of()));
  }
}
