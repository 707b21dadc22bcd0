package io.edgemarket.sdk;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.StatementCover;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.model.merkle.MerkleTree;
import io.edgemarket.sdk.Discrepancy.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Audits settlement batches one at a time: the batch's own consistency (root, leaf count, totals),
 * then each receipt it settled. It also works out the payments each batch justifies, for the
 * journal check that follows: money must move exactly as the proven receipts say.
 */
final class BatchAudit {
  private final LedgerGateway ledger;
  private final ReceiptAudit receipts;
  private final Consumer<Discrepancy> found;
  private final Set<String> settledIds = new HashSet<>();
  private final Map<String, Map<String, Long>> expectedPostings = new TreeMap<>();
  private final Map<String, String> brokers = new TreeMap<>();
  private long receiptsChecked;
  private long totalAmount;
  private long totalFees;

  BatchAudit(LedgerGateway ledger, ReceiptAudit receipts, Consumer<Discrepancy> found) {
    this.ledger = ledger;
    this.receipts = receipts;
    this.found = found;
  }

  /** Audits one batch; returns how many receipts it settled. */
  int audit(String batchId) throws LedgerException {
    Records.BatchRecord batch;
    try {
      batch =
          Records.read(ledger.evaluate(Transactions.GET_BATCH, batchId), Records.BatchRecord.class);
      if (batch.leaves() == null || batch.settled() == null || batch.merkleRoot() == null) {
        throw new IllegalArgumentException("leaves, settled or merkleRoot missing");
      }
    } catch (IllegalArgumentException e) {
      found.accept(ReceiptAudit.d(Kind.MALFORMED_RECORD, batchId, "batch: " + e.getMessage()));
      return 0;
    }
    if (batch.brokerId() != null) {
      brokers.put(batchId, batch.brokerId());
    }
    if (batch.brokerSignature() != null) {
      receipts.checkBatchSignature(batch, found);
    }
    MerkleTree tree = treeOf(batch, found);
    StatementCover cover = receipts.coverOf(batch);
    int rejected = batch.rejected() == null ? 0 : batch.rejected().size();
    if (batch.leaves().size() != batch.settled().size() + rejected) {
      found.accept(
          ReceiptAudit.d(
              Kind.LEAF_COUNT_MISMATCH,
              batchId,
              batch.leaves().size()
                  + " leaves for "
                  + batch.settled().size()
                  + " settled and "
                  + rejected
                  + " rejected receipts"));
    }
    long amount = 0;
    long fees = 0;
    Map<String, Long> postings = new TreeMap<>();
    for (String invocationId : batch.settled()) {
      if (!settledIds.add(invocationId)) {
        found.accept(
            ReceiptAudit.d(Kind.DUPLICATE_SETTLEMENT, invocationId, "settled again in " + batchId));
        continue;
      }
      Records.ProvenReceipt record = receipt(invocationId, batchId);
      if (record == null) {
        continue;
      }
      receipts.check(invocationId, record, batch, tree, cover, found);
      receiptsChecked++;
      Receipt receipt = record.receipt();
      try {
        amount = Math.addExact(amount, receipt.amount());
        fees = Math.addExact(fees, record.brokerFee());
        String consumer = receipt.ticket().consumerId();
        post(postings, consumer, receipt.providerId(), record.providerShare());
        post(postings, consumer, batch.brokerId(), record.brokerFee());
      } catch (ArithmeticException e) {
        found.accept(ReceiptAudit.d(Kind.MALFORMED_RECORD, invocationId, "amounts overflow"));
      }
    }
    if (amount != batch.totalAmount() || fees != batch.totalFees()) {
      found.accept(
          ReceiptAudit.d(
              Kind.BATCH_TOTAL_MISMATCH,
              batchId,
              "batch says "
                  + batch.totalAmount()
                  + " paid and "
                  + batch.totalFees()
                  + " in fees; its receipts say "
                  + amount
                  + " and "
                  + fees));
    }
    expectedPostings.put(batchId, postings);
    // Saturate rather than fail: an overflowing total is already reported as a discrepancy.
    totalAmount = saturatedAdd(totalAmount, amount);
    totalFees = saturatedAdd(totalFees, fees);
    return batch.settled().size();
  }

  /** The tree over the stored leaves, or null when they are malformed or miss the stored root. */
  static MerkleTree treeOf(Records.BatchRecord batch, Consumer<Discrepancy> found) {
    MerkleTree tree;
    try {
      List<byte[]> leaves = batch.leaves().stream().map(Crypto::unhex).toList();
      tree = MerkleTree.of(leaves);
    } catch (IllegalArgumentException | NullPointerException e) {
      found.accept(
          ReceiptAudit.d(Kind.MALFORMED_RECORD, batch.batchId(), "leaves: " + e.getMessage()));
      return null;
    }
    if (!tree.rootHex().equalsIgnoreCase(batch.merkleRoot())) {
      found.accept(
          ReceiptAudit.d(
              Kind.MERKLE_ROOT_MISMATCH,
              batch.batchId(),
              "stored root " + batch.merkleRoot() + ", leaves give " + tree.rootHex()));
      return null;
    }
    return tree;
  }

  private Records.ProvenReceipt receipt(String invocationId, String batchId)
      throws LedgerException {
    try {
      return Records.read(
          ledger.evaluate(Transactions.GET_RECEIPT, invocationId), Records.ProvenReceipt.class);
    } catch (LedgerException e) {
      if (!ErrorCodes.NOT_FOUND.equals(e.code())) {
        throw e;
      }
      found.accept(
          ReceiptAudit.d(Kind.MISSING_RECEIPT, invocationId, batchId + " settled it; no record"));
    } catch (IllegalArgumentException e) {
      found.accept(
          ReceiptAudit.d(Kind.MALFORMED_RECORD, invocationId, "receipt: " + e.getMessage()));
    }
    return null;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  /** Same aggregation as the chaincode's journal: per (from, to), zero amounts dropped. */
  static void post(Map<String, Long> postings, String from, String to, long amount) {
    if (amount != 0) {
      postings.merge(from + " -> " + to, amount, Math::addExact);
    }
  }

  /** Payments each audited batch justifies, keyed {@code "from -> to"}; empty maps included. */
  Map<String, Map<String, Long>> expectedPostings() {
    return expectedPostings;
  }

  /** The broker of each audited batch, by batch id. */
  Map<String, String> brokers() {
    return brokers;
  }

  long receiptsChecked() {
    return receiptsChecked;
  }

  long totalAmount() {
    return totalAmount;
  }

  long totalFees() {
    return totalFees;
  }
}
