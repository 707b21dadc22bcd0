package io.edgemarket.model;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;

/**
 * One signature by a party over many of the items it signed one by one: a provider over its
 * receipts ({@link #RECEIPTS}, leaves are {@link Receipt#leafHash}), a consumer over its tickets
 * ({@link #TICKETS}, leaves are {@link InvocationTicket#leafHash}). The signature covers the Merkle
 * root of the leaves, so each leaf stays provable on its own.
 *
 * <p>Why it is safe in place of each item's own signature: a leaf is the SHA-256 of the item's
 * signed bytes and its signature, so a statement naming it is its signer's word on exactly that
 * item, and nobody else's. The chaincode verifies a statement once per batch and then pays a
 * receipt its provider's statement covers (and a ticket its consumer's covers) without verifying
 * the item's signature; an item no statement covers is verified on its own, as before. A statement
 * only ever stands for its signer's own items: whose item it is comes from the item, never from the
 * statement (issue 11, {@code docs/batch-signatures.md}).
 */
public record Statement(
    String kind, String signerId, String statementId, List<String> leaves, String signature) {
  public static final String DOMAIN = "edgemarket/statement/v1";
  public static final String RECEIPTS = "receipts";
  public static final String TICKETS = "tickets";

  /** At most this many leaves in one statement (64 hex characters each). */
  public static final int MAX_LEAVES = 4096;

  public Statement {
    leaves = leaves == null ? List.of() : List.copyOf(leaves);
  }

  /** {@code signer}'s statement of {@code kind} over these leaf hashes, in their order. */
  public static Statement sign(
      String kind, Identity signer, String statementId, List<byte[]> leafHashes) {
    if (leafHashes.isEmpty() || leafHashes.size() > MAX_LEAVES) {
      throw new IllegalArgumentException(
          "a statement holds 1.." + MAX_LEAVES + " leaves: " + leafHashes.size());
    }
    List<String> leaves = leafHashes.stream().map(Crypto::hex).toList();
    String root = MerkleTree.of(leafHashes).rootHex();
    byte[] payload = signingPayload(kind, signer.id(), statementId, root);
    String signature = Base64.getEncoder().encodeToString(signer.sign(payload));
    return new Statement(kind, signer.id(), statementId, leaves, signature);
  }

  /** The bytes signed: kind, signer, statement id and the Merkle root of the leaves. */
  public static byte[] signingPayload(
      String kind, String signerId, String statementId, String root) {
    return String.join("\n", DOMAIN, kind, signerId, statementId, root.toLowerCase())
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The Merkle root of the leaves; throws IllegalArgumentException when a leaf is not hex. */
  public String root() {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("a statement without leaves");
    }
    return MerkleTree.of(leaves.stream().map(Crypto::unhex).toList()).rootHex();
  }

  /**
   * Whether this is a well-formed statement signed with {@code key}: a known kind, ids present,
   * 1..{@link #MAX_LEAVES} hex leaves of 32 bytes. False for anything malformed, never an
   * exception.
   */
  public boolean verify(PublicKey key) {
    if (!RECEIPTS.equals(kind) && !TICKETS.equals(kind)) {
      return false;
    }
    if (signerId == null || statementId == null || leaves.size() > MAX_LEAVES) {
      return false;
    }
    String root;
    try {
      for (String leaf : leaves) {
        if (leaf == null || leaf.length() != 64) {
          return false;
        }
      }
      root = root();
    } catch (IllegalArgumentException e) {
      return false;
    }
    return Signatures.verify(key, signingPayload(kind, signerId, statementId, root), signature);
  }

  /** The role whose members sign statements of this kind; null for an unknown kind. */
  public Role signerRole() {
    return RECEIPTS.equals(kind) ? Role.PROVIDER : TICKETS.equals(kind) ? Role.CONSUMER : null;
  }
}
