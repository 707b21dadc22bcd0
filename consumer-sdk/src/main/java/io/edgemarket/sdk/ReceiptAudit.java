package io.edgemarket.sdk;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.SettlementBatch;
import io.edgemarket.model.Statement;
import io.edgemarket.model.StatementCover;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.merkle.MerkleTree;
import io.edgemarket.sdk.Discrepancy.Kind;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Everything that must hold for one settled receipt, checked from the ledger's records alone: that
 * it is the leaf its batch root commits to, that the parties named in it signed it, and that the
 * money taken for it is what its terms allow. Every failed check is reported, not just the first.
 */
final class ReceiptAudit {
  private final RegisteredCertificates participants;
  private final FeeSchedule fees;
  private final GrantBook grants;

  ReceiptAudit(RegisteredCertificates participants, FeeSchedule fees, GrantBook grants) {
    this.participants = participants;
    this.fees = fees;
    this.grants = grants;
  }

  /**
   * Checks a settled receipt of {@code batch}, whose leaves make {@code tree} and whose verified
   * statements make {@code cover} ({@link #coverOf}).
   */
  void check(
      String invocationId,
      Records.ProvenReceipt record,
      Records.BatchRecord batch,
      MerkleTree tree,
      StatementCover cover,
      Consumer<Discrepancy> found)
      throws LedgerException {
    Receipt receipt = record.receipt();
    if (!signed(record)) {
      found.accept(d(Kind.MALFORMED_RECORD, invocationId, "receipt record without signed receipt"));
      return;
    }
    checkPlace(invocationId, record, batch, tree, found);
    checkProviderSignature(invocationId, receipt, cover, found);
    checkTicketSignature(invocationId, receipt, cover, found);
    if (batch.brokerSignature() == null) {
      checkAssignment(invocationId, receipt, batch.brokerId(), found);
    }
    checkMoney(invocationId, record, found);
  }

  /** True when the record holds a receipt signed by its provider over a signed ticket. */
  static boolean signed(Records.ProvenReceipt record) {
    Receipt receipt = record.receipt();
    return receipt != null && receipt.signature() != null && receipt.ticket().signature() != null;
  }

  /**
   * In a batch its broker did not sign, each assignment is the broker's placement on its own (the
   * chaincode verified it receipt by receipt): it must be signed by the batch's broker, {@code
   * brokerId}. In a signed batch, the batch's signature vouches for it ({@link
   * #checkBatchSignature}).
   */
  void checkAssignment(String id, Receipt receipt, String brokerId, Consumer<Discrepancy> found)
      throws LedgerException {
    if (receipt.assignment() == null || brokerId == null) {
      found.accept(
          d(Kind.MALFORMED_RECORD, id, "receipt without assignment, or batch without broker"));
      return;
    }
    PublicKey broker = brokerKey(brokerId, id, found);
    if (broker != null
        && (!brokerId.equals(receipt.assignment().brokerId())
            || !receipt.assignment().verify(broker))) {
      found.accept(d(Kind.BAD_ASSIGNMENT_SIGNATURE, id, "assignment not signed by " + brokerId));
    }
  }

  void checkPlace(
      String id,
      Records.ProvenReceipt record,
      Records.BatchRecord batch,
      MerkleTree tree,
      Consumer<Discrepancy> found) {
    Receipt receipt = record.receipt();
    List<String> leaves = batch.leaves();
    int index = record.leafIndex();
    // A batch lists run ids: the invocation id for a primary run, id#n for a redundant one.
    if (!id.equals(receipt.assignment().runId()) || !batch.batchId().equals(record.batchId())) {
      found.accept(
          d(
              Kind.WRONG_BATCH,
              id,
              "record holds " + receipt.assignment().runId() + " of batch " + record.batchId()));
      return;
    }
    if (index < 0 || index >= leaves.size()) {
      found.accept(d(Kind.WRONG_BATCH, id, "leaf index " + index + " outside the batch"));
      return;
    }
    byte[] leaf = receipt.leafHash();
    if (!Crypto.hex(leaf).equalsIgnoreCase(leaves.get(index))) {
      found.accept(
          d(
              Kind.LEAF_MISMATCH,
              id,
              "receipt hash is not leaf " + index + " of " + batch.batchId()));
      return; // not the committed leaf, so no path from it can reach the root
    }
    if (tree == null) {
      return; // the batch's leaves do not make its root: reported once for the whole batch
    }
    if (!tree.proof(index).verifies(leaf, batch.merkleRoot())) {
      found.accept(
          d(Kind.PROOF_INVALID, id, "Merkle path from leaf " + index + " misses the root"));
    }
    if (record.proof() != null && !record.proof().verifies(leaf, batch.merkleRoot())) {
      found.accept(d(Kind.PROOF_INVALID, id, "the ledger's Merkle proof misses the batch root"));
    }
  }

  /**
   * Where the batch cannot be read (by a party to the receipt, not an overseer): the record must be
   * this run's, and the ledger's Merkle path from the receipt's leaf must reach the root the ledger
   * recorded for its batch.
   */
  void checkProof(String id, Records.ProvenReceipt record, Consumer<Discrepancy> found) {
    Receipt receipt = record.receipt();
    if (!id.equals(receipt.assignment().runId())) {
      found.accept(d(Kind.WRONG_BATCH, id, "record holds " + receipt.assignment().runId()));
    } else if (record.proof() == null || record.merkleRoot() == null) {
      found.accept(d(Kind.MALFORMED_RECORD, id, "record without Merkle proof or root"));
    } else if (record.proof().index() != record.leafIndex()) {
      found.accept(
          d(
              Kind.PROOF_INVALID,
              id,
              "the proof is for leaf " + record.proof().index() + ", not " + record.leafIndex()));
    } else if (!record.proof().verifies(receipt.leafHash(), record.merkleRoot())) {
      found.accept(d(Kind.PROOF_INVALID, id, "the ledger's Merkle proof misses the batch root"));
    }
  }

  /**
   * A signed batch's signature is its broker's, over its id and stored root: it vouches for every
   * assignment in the batch, which the chaincode then did not verify one by one.
   */
  void checkBatchSignature(Records.BatchRecord batch, Consumer<Discrepancy> found)
      throws LedgerException {
    PublicKey broker = brokerKey(batch.brokerId(), batch.batchId(), found);
    if (broker != null
        && !SettlementBatch.verify(
            broker,
            batch.brokerId(),
            batch.batchId(),
            batch.merkleRoot(),
            batch.brokerSignature())) {
      found.accept(
          d(Kind.BAD_BATCH_SIGNATURE, batch.batchId(), "batch not signed by " + batch.brokerId()));
    }
  }

  /** The broker's registered key, or null once its problem is reported under {@code id}. */
  private PublicKey brokerKey(String brokerId, String id, Consumer<Discrepancy> found)
      throws LedgerException {
    RegisteredCertificates.Entry broker = participants.lookup(brokerId);
    String problem = broker.problemAs(brokerId, Role.BROKER.attributeValue());
    if (problem != null) {
      found.accept(d(Kind.UNKNOWN_PARTICIPANT, id, problem));
      return null;
    }
    return broker.certificate().getPublicKey();
  }

  /**
   * The statements of a batch that verify with their signers' registered certificates, as the
   * chaincode judged them: each stands for the signatures of the receipts and tickets it names.
   */
  StatementCover coverOf(Records.BatchRecord batch) throws LedgerException {
    if (batch == null || batch.statements().isEmpty()) {
      return StatementCover.none();
    }
    // Looked up first, so that a ledger failure is an error rather than an uncovered receipt.
    Map<String, PublicKey> keys = new HashMap<>();
    for (Statement statement : batch.statements()) {
      Role role = statement.signerRole();
      String signer = statement.signerId();
      if (role != null && signer != null) {
        RegisteredCertificates.Entry entry = participants.lookup(signer);
        if (entry.problemAs(signer, role.attributeValue()) == null) {
          keys.put(role + " " + signer, entry.certificate().getPublicKey());
        }
      }
    }
    return StatementCover.verify(batch.statements(), (id, role) -> keys.get(role + " " + id));
  }

  /**
   * The receipt must be signed by its provider's registered certificate, or named by a statement
   * that is ({@code cover}).
   */
  void checkProviderSignature(
      String id, Receipt receipt, StatementCover cover, Consumer<Discrepancy> found)
      throws LedgerException {
    RegisteredCertificates.Entry provider = participants.lookup(receipt.providerId());
    String problem = provider.problemAs(receipt.providerId(), Role.PROVIDER.attributeValue());
    if (problem != null) {
      found.accept(d(Kind.UNKNOWN_PARTICIPANT, id, problem));
    } else if (!receipt.verify(provider.certificate().getPublicKey())
        && !cover.coversReceipt(receipt.providerId(), receipt.leafHash())) {
      found.accept(d(Kind.BAD_PROVIDER_SIGNATURE, id, "not signed by " + receipt.providerId()));
    }
  }

  /**
   * The ticket inside it must be signed by its consumer's registered certificate, or named by a
   * statement that is ({@code cover}).
   */
  void checkTicketSignature(
      String id, Receipt receipt, StatementCover cover, Consumer<Discrepancy> found)
      throws LedgerException {
    InvocationTicket ticket = receipt.ticket();
    RegisteredCertificates.Entry consumer = participants.lookup(ticket.consumerId());
    String problem = consumer.problemAs(ticket.consumerId(), Role.CONSUMER.attributeValue());
    if (problem != null) {
      found.accept(d(Kind.UNKNOWN_PARTICIPANT, id, problem));
    } else if (ticket.firedUnderGrant()) {
      checkGrant(id, ticket, consumer, found);
    } else if (!ticket.verify(consumer.certificate().getPublicKey())
        && !cover.coversTicket(ticket)) {
      found.accept(d(Kind.BAD_TICKET_SIGNATURE, id, "ticket not signed by " + ticket.consumerId()));
    }
  }

  /**
   * A ticket fired under a grant: signed by its broker's registered certificate, under a grant on
   * the ledger that its consumer's registered certificate signed and whose terms cover it. (The
   * grant's counters and revocation were the ledger's to judge when it paid.)
   */
  private void checkGrant(
      String id,
      InvocationTicket ticket,
      RegisteredCertificates.Entry consumer,
      Consumer<Discrepancy> found)
      throws LedgerException {
    RegisteredCertificates.Entry broker = participants.lookup(ticket.brokerId());
    String problem = broker.problemAs(ticket.brokerId(), Role.BROKER.attributeValue());
    if (problem != null) {
      found.accept(d(Kind.UNKNOWN_PARTICIPANT, id, problem));
      return;
    }
    if (!ticket.verify(broker.certificate().getPublicKey())) {
      found.accept(
          d(Kind.BAD_TICKET_SIGNATURE, id, "ticket under a grant not signed by its broker"));
      return;
    }
    var grant = grants.find(ticket.grantId());
    if (grant.isEmpty()) {
      found.accept(d(Kind.BAD_TICKET_SIGNATURE, id, "no grant " + ticket.grantId()));
    } else if (!grant.get().verify(consumer.certificate().getPublicKey())) {
      found.accept(
          d(
              Kind.BAD_TICKET_SIGNATURE,
              id,
              "grant " + ticket.grantId() + " not signed by " + ticket.consumerId()));
    } else if (grant.get().termsProblem(ticket) != null) {
      found.accept(d(Kind.BAD_TICKET_SIGNATURE, id, grant.get().termsProblem(ticket)));
    }
  }

  void checkMoney(String id, Records.ProvenReceipt record, Consumer<Discrepancy> found) {
    Receipt receipt = record.receipt();
    long amount = receipt.amount();
    if (!Receipt.OK.equals(receipt.status()) && !Receipt.FUNCTION_ERROR.equals(receipt.status())) {
      found.accept(d(Kind.BAD_STATUS, id, "paid receipt has status " + receipt.status()));
    }
    if (!receipt.amountIsConsistent()) {
      found.accept(
          d(Kind.AMOUNT_INCONSISTENT, id, "amount " + amount + " is not what the usage costs"));
    }
    if (amount > receipt.ticket().maxPrice()) {
      found.accept(
          d(
              Kind.OVER_MAX_PRICE,
              id,
              "amount " + amount + " over maxPrice " + receipt.ticket().maxPrice()));
    }
    long share = record.providerShare();
    long fee = record.brokerFee();
    if (share < 0 || fee < 0 || share > amount || fee != amount - share) {
      found.accept(
          d(
              Kind.SPLIT_MISMATCH,
              id,
              "share " + share + " + fee " + fee + " is not amount " + amount));
    }
    OptionalInt bps = fees.at(record.settledAt());
    if (bps.isPresent()) {
      long expected = expectedFee(amount, bps.getAsInt());
      if (fee != expected) {
        found.accept(
            d(
                Kind.FEE_MISMATCH,
                id,
                "fee "
                    + fee
                    + " is not "
                    + bps.getAsInt()
                    + " bps of "
                    + amount
                    + " = "
                    + expected));
      }
    }
  }

  /** The fee the chaincode takes; -1 (never a real fee) when the amount or rate is impossible. */
  private static long expectedFee(long amount, int bps) {
    try {
      return Pricing.brokerFee(amount, bps);
    } catch (ArithmeticException | IllegalArgumentException e) {
      return -1;
    }
  }

  static Discrepancy d(Kind kind, String id, String message) {
    return new Discrepancy(kind, id, message);
  }
}
