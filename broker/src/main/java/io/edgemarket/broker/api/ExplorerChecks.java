package io.edgemarket.broker.api;

import io.edgemarket.broker.api.ExplorerViews.BatchDetail;
import io.edgemarket.broker.api.ExplorerViews.Check;
import io.edgemarket.broker.api.ExplorerViews.Proof;
import io.edgemarket.broker.api.ExplorerViews.ProofStep;
import io.edgemarket.broker.api.ExplorerViews.ReceiptDetail;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.StatementCover;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.merkle.MerkleProof;
import io.edgemarket.model.merkle.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What the explorer shows about a batch or a receipt beside the ledger's records: the signatures
 * checked against the certificates the ledger registers, the root recomputed from the batch's
 * leaves, and a receipt's Merkle path with the node each level should reach, so that the page can
 * climb from the receipt's own bytes to the recorded root and show where a climb goes wrong.
 */
final class ExplorerChecks {
  private static final byte[] LEAF = {0};
  private static final byte[] NODE = {1};

  private final ExplorerReads reads;

  ExplorerChecks(ExplorerReads reads) {
    this.reads = reads;
  }

  BatchDetail batch(BatchRecord b) {
    String recomputed = recomputedRoot(b.leaves());
    return new BatchDetail(
        b.batchId(),
        b.brokerId(),
        b.merkleRoot(),
        recomputed,
        recomputed != null && recomputed.equalsIgnoreCase(b.merkleRoot()),
        brokerSignature(b),
        b.leaves() == null ? 0 : b.leaves().size(),
        b.settled(),
        b.rejected(),
        b.totalAmount(),
        b.totalFees(),
        b.settledAt(),
        b.txId(),
        b.statements().size());
  }

  ReceiptDetail receipt(String runId, ProvenReceipt record, BatchRecord batch) {
    Receipt receipt = record.receipt();
    StatementCover cover =
        batch == null
            ? StatementCover.none()
            : StatementCover.verify(batch.statements(), reads::key);
    List<Check> checks = new ArrayList<>();
    checks.add(providerSignature(receipt, cover));
    checks.add(ticketSignature(receipt.ticket(), cover));
    checks.add(
        batch == null
            ? new Check("broker-signature", Check.UNKNOWN, "the batch is not on the ledger")
            : brokerSignature(batch));
    checks.add(
        Check.of(
            "amount",
            receipt.amountIsConsistent() && receipt.amount() <= receipt.ticket().maxPrice(),
            receipt.amount()
                + " for "
                + receipt.usage().fuel()
                + " fuel at "
                + receipt.pricePerInvocation()
                + " per invocation and "
                + receipt.pricePerMegaFuel()
                + " per million fuel, within the ticket's "
                + receipt.ticket().maxPrice()));
    return new ReceiptDetail(
        runId,
        receipt,
        record.batchId(),
        record.leafIndex(),
        record.providerShare(),
        record.brokerFee(),
        record.settledAt(),
        record.txId(),
        proof(record, batch),
        checks);
  }

  /** The path as the ledger gave it, with each level's node climbed from the batch's own leaf. */
  private static Proof proof(ProvenReceipt record, BatchRecord batch) {
    Receipt receipt = record.receipt();
    int index = record.leafIndex();
    String batchLeaf =
        batch != null && index >= 0 && index < batch.leaves().size()
            ? batch.leaves().get(index).toLowerCase()
            : null;
    byte[] node = batchLeaf == null ? null : Crypto.sha256(LEAF, Crypto.unhex(batchLeaf));
    String leafNode = node == null ? null : Crypto.hex(node);
    List<ProofStep> steps = new ArrayList<>();
    MerkleProof path = record.proof();
    if (path != null) {
      int level = 1;
      for (MerkleProof.Step step : path.steps()) {
        if (node != null) {
          byte[] sibling = Crypto.unhex(step.siblingHex());
          node =
              step.left() ? Crypto.sha256(NODE, sibling, node) : Crypto.sha256(NODE, node, sibling);
        }
        steps.add(
            new ProofStep(
                level++, step.siblingHex(), step.left(), node == null ? null : Crypto.hex(node)));
      }
    }
    return new Proof(
        new String(receipt.signingPayload(), StandardCharsets.UTF_8),
        receipt.signature(),
        Crypto.hex(receipt.leafHash()),
        batchLeaf,
        index,
        leafNode,
        steps,
        record.merkleRoot());
  }

  private Check providerSignature(Receipt receipt, StatementCover cover) {
    String name = "provider-signature";
    PublicKey key = reads.key(receipt.providerId(), Role.PROVIDER);
    if (key == null) {
      return new Check(name, Check.UNKNOWN, receipt.providerId() + " is no registered provider");
    }
    if (receipt.signature() == null
        && cover.coversReceipt(receipt.providerId(), receipt.leafHash())) {
      return new Check(
          name, Check.COVERED, "named in a statement " + receipt.providerId() + " signed");
    }
    return Check.of(name, receipt.verify(key), "signed by " + receipt.providerId());
  }

  private Check ticketSignature(InvocationTicket ticket, StatementCover cover) {
    String name = "ticket-signature";
    String signer = ticket.firedUnderGrant() ? ticket.brokerId() : ticket.consumerId();
    PublicKey key = reads.key(signer, ticket.firedUnderGrant() ? Role.BROKER : Role.CONSUMER);
    if (key == null) {
      return new Check(name, Check.UNKNOWN, signer + " is not registered in that role");
    }
    if (ticket.signature() == null && cover.coversTicket(ticket)) {
      return new Check(name, Check.COVERED, "named in a statement " + signer + " signed");
    }
    return Check.of(
        name,
        ticket.verify(key),
        ticket.firedUnderGrant()
            ? "fired by " + signer + " under grant " + ticket.grantId()
            : "signed by " + signer);
  }

  private Check brokerSignature(BatchRecord b) {
    String name = "broker-signature";
    if (b.brokerSignature() == null) {
      return new Check(
          name, Check.UNKNOWN, "batch not signed: the chaincode checked each assignment");
    }
    PublicKey key = reads.key(b.brokerId(), Role.BROKER);
    if (key == null) {
      return new Check(name, Check.UNKNOWN, b.brokerId() + " is no registered broker");
    }
    return Check.of(
        name,
        SettlementBatch.verify(key, b.brokerId(), b.batchId(), b.merkleRoot(), b.brokerSignature()),
        "batch " + b.batchId() + " signed by " + b.brokerId());
  }

  private static String recomputedRoot(List<String> leaves) {
    if (leaves == null || leaves.isEmpty()) {
      return null;
    }
    try {
      return MerkleTree.of(leaves.stream().map(Crypto::unhex).toList()).rootHex();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
