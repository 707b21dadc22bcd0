package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.BridgeRecords.WithdrawalPending;
import io.edgemarket.model.ledger.ErrorCodes;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Withdrawals: a participant's own money leaving the market to an address on a chain. The debit
 * into the chain's clearing account happens on the ledger before the bridge pays, so the money
 * cannot be spent twice, and it gets the chain's next nonce, which the chain's contract pays once.
 *
 * <p>A consumer's escrow backs tickets it already signed, so, as with its transfers out, nothing
 * moves at its request: the withdrawal WAITS until {@code withdrawalDelay} has passed and is then
 * released (debited, given its nonce) with the coverage checked again.
 */
final class Withdrawals {
  private Withdrawals() {}

  static String request(Context ctx, String amountText, String toAddress, String chainIdText) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    long amount = Args.positiveAmount(amountText);
    String to = BridgeArgs.address("toAddress", toAddress);
    long chainId = BridgeArgs.chainId(chainIdText);
    BridgeState state = Chains.require(stub, chainId);
    Holding from = Holding.read(stub, caller.id());
    Accounts.requireCover(stub, caller.id(), from, amount);
    requireHeld(state, amount);
    long now = State.now(stub);
    boolean waits = caller.is(Role.CONSUMER);
    long payableAt = waits ? Math.addExact(now, Config.read(stub).withdrawalDelay()) : now;
    Withdrawal waiting =
        new Withdrawal(
            stub.getTxId(),
            caller.id(),
            chainId,
            to,
            amount,
            Withdrawal.WAITING,
            null,
            now,
            payableAt,
            null,
            null,
            null);
    if (waits) {
      WithdrawalIndex.write(stub, null, waiting);
      return Json.write(waiting);
    }
    return Json.write(debit(stub, state, null, waiting, from));
  }

  /** bridge:ReleaseWithdrawal: a WAITING withdrawal past its delay; its owner or the bridge. */
  static String release(Context ctx, String withdrawalId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    Withdrawal waiting = WithdrawalIndex.require(stub, withdrawalId);
    if (!caller.id().equals(waiting.accountId())) {
      caller.require(Role.BRIDGE);
    }
    if (!Withdrawal.WAITING.equals(waiting.status())) {
      return Json.write(waiting); // released already: a retry
    }
    long now = State.now(stub);
    if (now < waiting.payableAt()) {
      throw Errors.error(
          ErrorCodes.TOO_EARLY,
          "withdrawal " + withdrawalId + " is releasable from " + waiting.payableAt());
    }
    BridgeState state = Chains.require(stub, waiting.chainId());
    Holding from = Holding.read(stub, waiting.accountId());
    Accounts.requireCover(stub, waiting.accountId(), from, waiting.amount());
    requireHeld(state, waiting.amount());
    return Json.write(debit(stub, state, waiting, waiting, from));
  }

  /** bridge:MarkWithdrawalPaid: PENDING to PAID once; the same hash again is a retry. */
  static String markPaid(Context ctx, String withdrawalId, String chainTxHash) {
    Caller.registered(ctx).require(Role.BRIDGE);
    ChaincodeStub stub = ctx.getStub();
    String hash = BridgeArgs.txHash("chainTxHash", chainTxHash);
    Withdrawal w = WithdrawalIndex.require(stub, withdrawalId);
    switch (w.status()) {
      case Withdrawal.PAID -> {
        if (hash.equals(w.paidTxHash())) {
          return Json.write(w);
        }
        throw Errors.error(
            ErrorCodes.CONFLICT,
            "withdrawal " + withdrawalId + " was paid in " + w.paidTxHash() + ", not " + hash);
      }
      case Withdrawal.PENDING -> {
        Withdrawal paid =
            new Withdrawal(
                w.withdrawalId(),
                w.accountId(),
                w.chainId(),
                w.toAddress(),
                w.amount(),
                Withdrawal.PAID,
                w.nonce(),
                w.requestedAt(),
                w.payableAt(),
                w.debitedAt(),
                hash,
                State.now(stub));
        WithdrawalIndex.write(stub, w, paid);
        return Json.write(paid);
      }
      default ->
          throw Errors.badRequest(
              "withdrawal " + withdrawalId + " is " + w.status() + ": not debited, not payable");
    }
  }

  /** bridge:GetWithdrawal: its owner, the bridge, the auditor or admin. */
  static String get(Context ctx, String withdrawalId) {
    Caller caller = Caller.registered(ctx);
    Withdrawal w = WithdrawalIndex.require(ctx.getStub(), withdrawalId);
    if (!caller.id().equals(w.accountId())) {
      caller.require(Role.BRIDGE, Role.AUDITOR, Role.ADMIN);
    }
    return Json.write(w);
  }

  /**
   * The chain's contract can only pay out what was deposited through it: money issued on the ledger
   * (admin credits) or deposited on another chain does not leave through this one.
   */
  private static void requireHeld(BridgeState state, long amount) {
    if (state.outstanding() < amount) {
      throw Errors.error(
          ErrorCodes.INSUFFICIENT_FUNDS,
          "chain " + state.chainId() + " holds " + state.outstanding() + ", needs " + amount);
    }
  }

  /** Moves the money into the clearing account and gives the withdrawal the chain's next nonce. */
  private static Withdrawal debit(
      ChaincodeStub stub, BridgeState state, Withdrawal before, Withdrawal w, Holding from) {
    long now = State.now(stub);
    Holding clearing = Holding.read(stub, state.clearingAccount());
    Journal journal = new Journal();
    journal.post(w.accountId(), state.clearingAccount(), w.amount());
    journal.commit(
        stub,
        Journal.WITHDRAWAL,
        w.withdrawalId(),
        Map.of(w.accountId(), from, state.clearingAccount(), clearing),
        w.accountId());
    Withdrawal pending =
        new Withdrawal(
            w.withdrawalId(),
            w.accountId(),
            w.chainId(),
            w.toAddress(),
            w.amount(),
            Withdrawal.PENDING,
            state.nextNonce(),
            w.requestedAt(),
            w.payableAt(),
            now,
            null,
            null);
    WithdrawalIndex.write(stub, before, pending);
    Chains.write(
        stub,
        new BridgeState(
            state.chainId(),
            state.clearingAccount(),
            state.cursor(),
            state.nextNonce() + 1,
            state.deposited(),
            Math.addExact(state.withdrawn(), w.amount()),
            state.deposits(),
            state.withdrawals() + 1,
            now));
    stub.setEvent(
        "WithdrawalPending",
        Json.bytes(
            new WithdrawalPending(pending.withdrawalId(), pending.chainId(), state.nextNonce())));
    return pending;
  }
}
