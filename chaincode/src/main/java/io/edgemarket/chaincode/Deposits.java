package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.BridgeRecords.Deposit;
import io.edgemarket.model.ledger.ErrorCodes;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Deposits: money that entered the market on a chain, credited by the bridge once per chain event
 * from the chain's clearing account {@code bridge:<chainId>}, which goes negative as the issuer
 * does. The event's key is (chain, transaction hash, log index), so a redelivered event is a no-op.
 */
final class Deposits {
  private Deposits() {}

  static String credit(
      Context ctx,
      String chainIdText,
      String contractText,
      String txHashText,
      String logIndexText,
      String blockText,
      String accountId,
      String amountText) {
    Caller bridge = Caller.registered(ctx).require(Role.BRIDGE);
    ChaincodeStub stub = ctx.getStub();
    long chainId = BridgeArgs.chainId(chainIdText);
    String contract = BridgeArgs.address("contractAddress", contractText);
    String txHash = BridgeArgs.txHash("txHash", txHashText);
    long logIndex = BridgeArgs.decimal("logIndex", logIndexText);
    long block = BridgeArgs.decimal("blockNumber", blockText);
    long amount = Args.positiveAmount(amountText);
    String account = Args.id("account", accountId);
    String key = key(stub, chainId, txHash, logIndex);
    Deposit first = State.read(stub, key, Deposit.class);
    if (first != null) {
      // The block may differ after a reorg; the credit stands once either way.
      if (first.accountId().equals(account)
          && first.amount() == amount
          && first.contractAddress().equals(contract)) {
        return Json.write(first);
      }
      throw Errors.error(
          ErrorCodes.CONFLICT,
          "event "
              + first.eventId()
              + " was credited as "
              + first.amount()
              + " to "
              + first.accountId()
              + " from "
              + first.contractAddress()
              + "; nothing more is credited for it");
    }
    Accounts.requireAccountHolder(stub, account);
    BridgeState state = Chains.findOrNew(stub, chainId);
    if (Chains.supply(stub) > Money.MAX_SUPPLY - amount) {
      throw Errors.badRequest(
          "crediting " + amount + " would exceed the market's supply of " + Money.MAX_SUPPLY);
    }
    long now = State.now(stub);
    Deposit deposit =
        new Deposit(
            eventId(chainId, txHash, logIndex),
            chainId,
            contract,
            txHash,
            logIndex,
            block,
            account,
            amount,
            now,
            stub.getTxId());
    Holding clearing = Holding.read(stub, state.clearingAccount());
    Journal journal = new Journal();
    journal.post(state.clearingAccount(), account, amount);
    journal.commit(
        stub,
        Journal.DEPOSIT,
        deposit.eventId(),
        Map.of(state.clearingAccount(), clearing),
        bridge.id());
    State.write(stub, key, deposit);
    Chains.write(
        stub,
        new BridgeState(
            chainId,
            state.clearingAccount(),
            state.cursor(),
            state.nextNonce(),
            Math.addExact(state.deposited(), amount),
            state.withdrawn(),
            state.deposits() + 1,
            state.withdrawals(),
            now));
    return Json.write(deposit);
  }

  /** bridge:GetDeposit: the credited account, the bridge and the auditor or admin. */
  static String get(Context ctx, String eventId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    String[] parts = eventId == null ? new String[0] : eventId.split(":", -1);
    if (parts.length != 3) {
      throw Errors.badRequest("eventId must be chainId:txHash:logIndex");
    }
    long chainId = BridgeArgs.chainId(parts[0]);
    String txHash = BridgeArgs.txHash("txHash", parts[1]);
    long logIndex = BridgeArgs.decimal("logIndex", parts[2]);
    Deposit deposit = State.read(stub, key(stub, chainId, txHash, logIndex), Deposit.class);
    if (deposit == null) {
      throw Errors.notFound("no deposit " + eventId);
    }
    if (!caller.id().equals(deposit.accountId())) {
      caller.require(Role.BRIDGE, Role.AUDITOR, Role.ADMIN);
    }
    return Json.write(deposit);
  }

  static String eventId(long chainId, String txHash, long logIndex) {
    return chainId + ":" + txHash + ":" + logIndex;
  }

  private static String key(ChaincodeStub stub, long chainId, String txHash, long logIndex) {
    return Keys.of(stub, Keys.DEPOSIT, Long.toString(chainId), txHash, Long.toString(logIndex));
  }
}
