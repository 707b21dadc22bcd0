package io.edgemarket.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;

/**
 * Receipts the broker settles in one ledger transaction. The root commits to every receipt in
 * order; each receipt stays individually provable by its Merkle path.
 *
 * <p>A broker signs the batch ({@code brokerSignature}, over its id and root): since every leaf
 * covers the receipt's assignment and the assignment's signature, one signature per batch vouches
 * for every placement in it, and the chaincode then does not verify each assignment's signature.
 * The ledger keeps the batch signature, so an auditor checks it as the chaincode did. An unsigned
 * batch (null) has each assignment verified on its own, as before batches were signed.
 *
 * <p>{@code statements} are the providers' and consumers' own {@link Statement}s naming receipts
 * and tickets of the batch: a receipt or ticket a verified statement of its signer covers is not
 * verified on its own ({@link StatementCover}). They need no broker signature: each is signed by
 * the party it speaks for.
 */
public record SettlementBatch(
    String batchId,
    String merkleRoot,
    List<Receipt> receipts,
    String brokerSignature,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Statement> statements) {
  public static final String DOMAIN = "edgemarket/settlement-batch/v1";

  /** At most this many statements ride with one batch. */
  public static final int MAX_STATEMENTS = 64;

  public SettlementBatch {
    receipts = receipts == null ? List.of() : List.copyOf(receipts);
    statements = statements == null ? List.of() : List.copyOf(statements);
  }

  public SettlementBatch(String batchId, String merkleRoot, List<Receipt> receipts) {
    this(batchId, merkleRoot, receipts, null, List.of());
  }

  public SettlementBatch(
      String batchId, String merkleRoot, List<Receipt> receipts, String brokerSignature) {
    this(batchId, merkleRoot, receipts, brokerSignature, List.of());
  }

  /** This batch with these statements riding along. */
  public SettlementBatch withStatements(List<Statement> with) {
    return new SettlementBatch(batchId, merkleRoot, receipts, brokerSignature, with);
  }

  /** An unsigned batch: the chaincode verifies each receipt's assignment. */
  public static SettlementBatch of(String batchId, List<Receipt> receipts) {
    return new SettlementBatch(batchId, rootOf(receipts), receipts);
  }

  /** A batch signed by the broker that submits it. */
  public static SettlementBatch signed(String batchId, List<Receipt> receipts, Identity broker) {
    String root = rootOf(receipts);
    String signature =
        Base64.getEncoder().encodeToString(broker.sign(signingPayload(broker.id(), batchId, root)));
    return new SettlementBatch(batchId, root, receipts, signature);
  }

  public static String rootOf(List<Receipt> receipts) {
    return MerkleTree.of(receipts.stream().map(Receipt::leafHash).toList()).rootHex();
  }

  /** The bytes a broker signs for a batch: the broker, the batch id and its Merkle root. */
  public static byte[] signingPayload(String brokerId, String batchId, String merkleRoot) {
    return String.join("\n", DOMAIN, brokerId, batchId, String.valueOf(merkleRoot).toLowerCase())
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code signature} is {@code brokerId}'s signature over this batch id and root, made
   * with the key whose public half is {@code brokerKey}: what the chaincode checks before a batch,
   * and an auditor after it.
   */
  public static boolean verify(
      PublicKey brokerKey, String brokerId, String batchId, String merkleRoot, String signature) {
    return Signatures.verify(brokerKey, signingPayload(brokerId, batchId, merkleRoot), signature);
  }
}
