package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The chains the bridge serves, one {@code BRIDGE~chainId} record each: its read cursor, next
 * withdrawal nonce and totals. Every bridge transaction of a chain reads and writes it, so they are
 * serialised per chain (the bridge is one submitter; a user's withdrawal racing it is retried).
 */
final class Chains {
  private Chains() {}

  static String key(ChaincodeStub stub, long chainId) {
    return Keys.of(stub, Keys.BRIDGE, Long.toString(chainId));
  }

  static BridgeState find(ChaincodeStub stub, long chainId) {
    return State.read(stub, key(stub, chainId), BridgeState.class);
  }

  /** The chain's state, or a fresh one: a chain is served from the bridge's first call about it. */
  static BridgeState findOrNew(ChaincodeStub stub, long chainId) {
    BridgeState state = find(stub, chainId);
    return state != null
        ? state
        : new BridgeState(chainId, BridgeRecords.clearingAccount(chainId), 0, 1, 0, 0, 0, 0, 0);
  }

  static BridgeState require(ChaincodeStub stub, long chainId) {
    BridgeState state = find(stub, chainId);
    if (state == null) {
      throw Errors.notFound("the bridge serves no chain " + chainId);
    }
    return state;
  }

  static void write(ChaincodeStub stub, BridgeState state) {
    State.write(stub, key(stub, state.chainId()), state);
  }

  static List<BridgeState> all(ChaincodeStub stub) {
    List<BridgeState> states = new ArrayList<>();
    for (Rows.Row row : Rows.all(stub, Keys.BRIDGE)) {
      states.add(Json.read(row.value(), BridgeState.class));
    }
    return states;
  }

  static List<String> clearingAccounts(ChaincodeStub stub) {
    return all(stub).stream().map(BridgeState::clearingAccount).toList();
  }

  /** Only a served chain's clearing account: participants' ids always hold an {@code @}. */
  static boolean isClearingAccount(ChaincodeStub stub, String accountId) {
    if (accountId == null || !accountId.startsWith("bridge:")) {
      return false;
    }
    String digits = accountId.substring("bridge:".length());
    return digits.matches("[1-9][0-9]{0,17}") && find(stub, Long.parseLong(digits)) != null;
  }

  /**
   * All money in the market: what the issuer issued plus what every chain holds for the market.
   * Deposits keep it within {@link Money#MAX_SUPPLY}, as issuance does, so no sum overflows.
   */
  static long supply(ChaincodeStub stub) {
    long supply = Math.negateExact(Holding.read(stub, Keys.ISSUER).balance());
    for (BridgeState state : all(stub)) {
      supply = Math.addExact(supply, Math.max(0, state.outstanding()));
    }
    return supply;
  }

  /** bridge:SetCursor: how far the bridge has processed the chain; never backwards. */
  static String setCursor(Context ctx, String chainIdText, String blockText) {
    Caller.registered(ctx).require(Role.BRIDGE);
    ChaincodeStub stub = ctx.getStub();
    long chainId = BridgeArgs.chainId(chainIdText);
    long block = BridgeArgs.decimal("blockNumber", blockText);
    BridgeState state = findOrNew(stub, chainId);
    if (block < state.cursor()) {
      throw Errors.badRequest(
          "chain " + chainId + " cursor is at block " + state.cursor() + "; it never goes back");
    }
    if (block == state.cursor() && find(stub, chainId) != null) {
      return Json.write(state); // a retry: nothing to write, no MVCC contention
    }
    BridgeState moved =
        new BridgeState(
            chainId,
            state.clearingAccount(),
            block,
            state.nextNonce(),
            state.deposited(),
            state.withdrawn(),
            state.deposits(),
            state.withdrawals(),
            State.now(stub));
    write(stub, moved);
    return Json.write(moved);
  }

  /** bridge:GetBridgeState: any registered participant may see which chains are served. */
  static String get(Context ctx, String chainIdText) {
    Caller.registered(ctx);
    return Json.write(require(ctx.getStub(), BridgeArgs.chainId(chainIdText)));
  }
}
