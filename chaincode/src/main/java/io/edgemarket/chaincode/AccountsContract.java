package io.edgemarket.chaincode;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** {@code accounts}: escrow balances, double-entry, amounts in minor units. */
@Contract(name = "accounts")
public final class AccountsContract implements ContractInterface {

  @Transaction(name = "CreditEscrow", intent = Transaction.TYPE.SUBMIT)
  public String creditEscrow(Context ctx, String accountId, String amount, String reference) {
    return Errors.guard(() -> Accounts.creditEscrow(ctx, accountId, amount, reference));
  }

  @Transaction(name = "Transfer", intent = Transaction.TYPE.SUBMIT)
  public String transfer(Context ctx, String toId, String amount, String reference) {
    return Errors.guard(() -> Accounts.transfer(ctx, toId, amount, reference));
  }

  @Transaction(name = "CompleteTransfer", intent = Transaction.TYPE.SUBMIT)
  public String completeTransfer(Context ctx, String fromId, String transferId) {
    return Errors.guard(() -> Accounts.completeTransfer(ctx, fromId, transferId));
  }

  @Transaction(name = "FoldCredits", intent = Transaction.TYPE.SUBMIT)
  public String foldCredits(Context ctx, String accountId) {
    return Errors.guard(() -> Accounts.foldCredits(ctx, accountId));
  }

  @Transaction(name = "GetBalance", intent = Transaction.TYPE.EVALUATE)
  public String getBalance(Context ctx, String accountId) {
    return Errors.guard(() -> Accounts.balance(ctx, accountId));
  }

  @Transaction(name = "ListAccounts", intent = Transaction.TYPE.EVALUATE)
  public String listAccounts(Context ctx, String pageSize, String bookmark) {
    return Errors.guard(() -> Accounts.list(ctx, pageSize, bookmark));
  }

  @Transaction(name = "ListJournal", intent = Transaction.TYPE.EVALUATE)
  public String listJournal(Context ctx, String pageSize, String bookmark) {
    return Errors.guard(() -> Accounts.journal(ctx, pageSize, bookmark));
  }
}
