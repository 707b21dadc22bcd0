package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code disputes}: challenged results, their verdicts, slashed stakes and reputations. */
@Contract(name = "disputes")
public final class DisputesContract implements ContractInterface {

  @Transaction(name = "OpenDispute", intent = Transaction.TYPE.SUBMIT)
  public String openDispute(Context ctx, String evidenceJson) {
    return Errors.guard(() -> Disputes.open(ctx, evidenceJson));
  }

  @Transaction(name = "ResolveDispute", intent = Transaction.TYPE.SUBMIT)
  public String resolveDispute(Context ctx, String invocationId, String verdictJson) {
    return Errors.guard(() -> Verdicts.resolve(ctx, invocationId, verdictJson));
  }

  @Transaction(name = "GetDispute", intent = Transaction.TYPE.EVALUATE)
  public String getDispute(Context ctx, String invocationId) {
    return Errors.guard(() -> Disputes.get(ctx, invocationId));
  }

  @Transaction(name = "ListDisputes", intent = Transaction.TYPE.EVALUATE)
  public String listDisputes(Context ctx, String pageSize, String bookmark) {
    return Errors.guard(() -> Disputes.list(ctx, pageSize, bookmark));
  }

  @Transaction(name = "GetReputation", intent = Transaction.TYPE.EVALUATE)
  public String getReputation(Context ctx, String providerId) {
    return Errors.guard(() -> Disputes.reputation(ctx, providerId));
  }
}
