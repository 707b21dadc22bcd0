package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code audit}: receipts with Merkle proofs, batches, receipt queries and key history. */
@Contract(name = "audit")
public final class AuditContract implements ContractInterface {

  @Transaction(name = "GetReceipt", intent = Transaction.TYPE.EVALUATE)
  public String getReceipt(Context ctx, String invocationId) {
    return Errors.guard(() -> Audit.receipt(ctx, invocationId));
  }

  @Transaction(name = "GetBatch", intent = Transaction.TYPE.EVALUATE)
  public String getBatch(Context ctx, String batchId) {
    return Errors.guard(() -> Audit.batch(ctx, batchId));
  }

  @Transaction(name = "ListBatches", intent = Transaction.TYPE.EVALUATE)
  public String listBatches(Context ctx, String pageSize, String bookmark) {
    return Errors.guard(() -> Audit.batches(ctx, pageSize, bookmark));
  }

  @Transaction(name = "QueryReceipts", intent = Transaction.TYPE.EVALUATE)
  public String queryReceipts(Context ctx, String queryJson) {
    return Errors.guard(() -> Audit.query(ctx, queryJson));
  }

  @Transaction(name = "GetHistory", intent = Transaction.TYPE.EVALUATE)
  public String getHistory(Context ctx, String kind, String id) {
    return Errors.guard(() -> History.of(ctx, kind, id));
  }
}
