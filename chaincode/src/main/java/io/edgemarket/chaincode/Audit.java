package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.BatchSummary;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Records.ReceiptQuery;
import io.edgemarket.model.ledger.Records.ReceiptRecord;
import io.edgemarket.model.merkle.MerkleProof;
import io.edgemarket.model.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Read access for auditors: receipts with their Merkle proofs, batches, receipt queries. */
final class Audit {
  private static final Role[] OVERSEERS = {Role.AUDITOR, Role.ADMIN, Role.BROKER};

  private Audit() {}

  /** A settled receipt and its path to the batch root, rebuilt from the batch's stored leaves. */
  static String receipt(Context ctx, String invocationId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    ReceiptRecord record = ReceiptIndex.find(stub, Args.id("invocationId", invocationId));
    if (record == null) {
      throw Errors.notFound("no settled receipt " + invocationId);
    }
    boolean party =
        caller.id().equals(record.receipt().providerId())
            || caller.id().equals(record.receipt().ticket().consumerId());
    if (!party) {
      caller.require(OVERSEERS);
    }
    BatchRecord batch = requireBatch(stub, record.batchId());
    List<byte[]> leaves = batch.leaves().stream().map(Crypto::unhex).toList();
    MerkleProof proof = MerkleTree.of(leaves).proof(record.leafIndex());
    return Json.write(
        new ProvenReceipt(
            record.receipt(),
            record.batchId(),
            record.leafIndex(),
            record.providerShare(),
            record.brokerFee(),
            record.settledAt(),
            record.txId(),
            proof,
            batch.merkleRoot()));
  }

  static String batch(Context ctx, String batchId) {
    Caller.registered(ctx).require(OVERSEERS);
    return Json.write(requireBatch(ctx.getStub(), Args.id("batchId", batchId)));
  }

  /**
   * Overseers, and the bridge: it anchors the latest batch's root every so many batches, so it
   * needs their ids, roots and times (the summaries, not the receipts).
   */
  static String batches(Context ctx, String pageSizeText, String bookmarkText) {
    Caller.registered(ctx).require(Role.AUDITOR, Role.ADMIN, Role.BROKER, Role.BRIDGE);
    Rows.Slice slice =
        Rows.page(
            ctx.getStub(), Args.pageSize(pageSizeText), Args.bookmark(bookmarkText), Keys.BATCH);
    List<BatchSummary> summaries = new ArrayList<>();
    for (Rows.Row row : slice.rows()) {
      BatchRecord b = Json.read(row.value(), BatchRecord.class);
      summaries.add(
          new BatchSummary(
              b.batchId(),
              b.brokerId(),
              b.merkleRoot(),
              b.leaves().size(),
              b.settled().size(),
              b.rejected().size(),
              b.totalAmount(),
              b.totalFees(),
              b.settledAt(),
              b.txId()));
    }
    return Json.write(new Page<>(summaries, slice.bookmark()));
  }

  /** Overseers may query anything; a provider or consumer only its own receipts. */
  static String query(Context ctx, String queryJson) {
    Caller caller = Caller.registered(ctx);
    ReceiptQuery query = Args.json(queryJson, ReceiptQuery.class, "receipt query");
    String by = query.by() == null ? "" : query.by();
    switch (by) {
      case ReceiptIndex.BY_TIME -> caller.require(OVERSEERS);
      case ReceiptIndex.BY_PROVIDER, ReceiptIndex.BY_CONSUMER -> {
        Args.id("id", query.id());
        Role own = ReceiptIndex.BY_PROVIDER.equals(by) ? Role.PROVIDER : Role.CONSUMER;
        if (!(caller.role() == own && caller.id().equals(query.id()))) {
          caller.require(OVERSEERS);
        }
      }
      default -> throw Errors.badRequest("by must be provider, consumer or time: " + by);
    }
    return Json.write(ReceiptIndex.query(ctx.getStub(), query));
  }

  private static BatchRecord requireBatch(ChaincodeStub stub, String batchId) {
    BatchRecord batch = State.read(stub, Keys.of(stub, Keys.BATCH, batchId), BatchRecord.class);
    if (batch == null) {
      throw Errors.notFound("no batch " + batchId);
    }
    return batch;
  }
}
