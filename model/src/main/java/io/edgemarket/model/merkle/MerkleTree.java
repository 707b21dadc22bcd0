package io.edgemarket.model.merkle;

import io.edgemarket.model.crypto.Crypto;
import java.util.ArrayList;
import java.util.List;

/**
 * A binary SHA-256 Merkle tree over receipt leaf hashes. Leaves and inner nodes are hashed with
 * different prefixes (0x00, 0x01) so an inner node can never pass for a leaf; an odd node at the
 * end of a level is promoted unchanged rather than duplicated, which would let two different leaf
 * lists share a root.
 */
public final class MerkleTree {
  private static final byte[] LEAF = {0};
  private static final byte[] NODE = {1};

  private final List<byte[][]> levels;

  private MerkleTree(List<byte[][]> levels) {
    this.levels = levels;
  }

  public static MerkleTree of(List<byte[]> leafHashes) {
    if (leafHashes.isEmpty()) {
      throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
    }
    List<byte[][]> levels = new ArrayList<>();
    byte[][] level = new byte[leafHashes.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = Crypto.sha256(LEAF, leafHashes.get(i));
    }
    levels.add(level);
    while (level.length > 1) {
      byte[][] next = new byte[(level.length + 1) / 2][];
      for (int i = 0; i < next.length; i++) {
        int left = 2 * i;
        next[i] =
            left + 1 < level.length
                ? Crypto.sha256(NODE, level[left], level[left + 1])
                : level[left];
      }
      levels.add(next);
      level = next;
    }
    return new MerkleTree(levels);
  }

  public String rootHex() {
    return Crypto.hex(levels.get(levels.size() - 1)[0]);
  }

  /** The sibling path from leaf {@code index} to the root. */
  public MerkleProof proof(int index) {
    if (index < 0 || index >= levels.get(0).length) {
      throw new IndexOutOfBoundsException("no leaf " + index);
    }
    List<MerkleProof.Step> steps = new ArrayList<>();
    int position = index;
    for (int depth = 0; depth < levels.size() - 1; depth++) {
      byte[][] level = levels.get(depth);
      int sibling = position ^ 1;
      if (sibling < level.length) {
        steps.add(new MerkleProof.Step(Crypto.hex(level[sibling]), sibling < position));
      }
      position /= 2;
    }
    return new MerkleProof(index, steps);
  }

  static byte[] leaf(byte[] leafHash) {
    return Crypto.sha256(LEAF, leafHash);
  }

  static byte[] node(byte[] left, byte[] right) {
    return Crypto.sha256(NODE, left, right);
  }
}
