package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code bridge}: money entering and leaving the market through EVM chains (docs/bridge.md). */
@Contract(name = "bridge")
public final class BridgeContract implements ContractInterface {

  @Transaction(name = "CreditDeposit", intent = Transaction.TYPE.SUBMIT)
  public String creditDeposit(
      Context ctx,
      String chainId,
      String contractAddress,
      String txHash,
      String logIndex,
      String blockNumber,
      String account,
      String amount) {
    return Errors.guard(
        () ->
            Deposits.credit(
                ctx, chainId, contractAddress, txHash, logIndex, blockNumber, account, amount));
  }

  @Transaction(name = "RequestWithdrawal", intent = Transaction.TYPE.SUBMIT)
  public String requestWithdrawal(Context ctx, String amount, String toAddress, String chainId) {
    return Errors.guard(() -> Withdrawals.request(ctx, amount, toAddress, chainId));
  }

  @Transaction(name = "ReleaseWithdrawal", intent = Transaction.TYPE.SUBMIT)
  public String releaseWithdrawal(Context ctx, String withdrawalId) {
    return Errors.guard(() -> Withdrawals.release(ctx, withdrawalId));
  }

  @Transaction(name = "MarkWithdrawalPaid", intent = Transaction.TYPE.SUBMIT)
  public String markWithdrawalPaid(Context ctx, String withdrawalId, String chainTxHash) {
    return Errors.guard(() -> Withdrawals.markPaid(ctx, withdrawalId, chainTxHash));
  }

  @Transaction(name = "RecordAnchor", intent = Transaction.TYPE.SUBMIT)
  public String recordAnchor(Context ctx, String batchId, String root, String chainTxHash) {
    return Errors.guard(() -> Anchors.record(ctx, batchId, root, chainTxHash));
  }

  @Transaction(name = "SetCursor", intent = Transaction.TYPE.SUBMIT)
  public String setCursor(Context ctx, String chainId, String blockNumber) {
    return Errors.guard(() -> Chains.setCursor(ctx, chainId, blockNumber));
  }

  @Transaction(name = "GetBridgeState", intent = Transaction.TYPE.EVALUATE)
  public String getBridgeState(Context ctx, String chainId) {
    return Errors.guard(() -> Chains.get(ctx, chainId));
  }

  @Transaction(name = "GetDeposit", intent = Transaction.TYPE.EVALUATE)
  public String getDeposit(Context ctx, String eventId) {
    return Errors.guard(() -> Deposits.get(ctx, eventId));
  }

  @Transaction(name = "GetWithdrawal", intent = Transaction.TYPE.EVALUATE)
  public String getWithdrawal(Context ctx, String withdrawalId) {
    return Errors.guard(() -> Withdrawals.get(ctx, withdrawalId));
  }

  @Transaction(name = "ListWithdrawals", intent = Transaction.TYPE.EVALUATE)
  public String listWithdrawals(Context ctx, String status, String pageSize, String bookmark) {
    return Errors.guard(() -> WithdrawalIndex.list(ctx, status, pageSize, bookmark));
  }

  @Transaction(name = "ListAnchors", intent = Transaction.TYPE.EVALUATE)
  public String listAnchors(Context ctx, String pageSize, String bookmark) {
    return Errors.guard(() -> Anchors.list(ctx, pageSize, bookmark));
  }
}
