package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.BridgeRecords.Deposit;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.Records.Page;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;

/**
 * The bridge on a {@link Market}: its registered identity, chain {@link #CHAIN}'s contract, and
 * deposit events and payments told apart by a number.
 */
final class Bridging {
  static final String CHAIN = "31337";
  static final String CONTRACT = "0x" + "5fbdb2315678afecb367f032d93f642f64180aa3";
  static final String TO = "0x" + "70997970c51812dc3a010c7d01b50e0d17dc79c8";

  final Market market;
  final BridgeContract contract = new BridgeContract();
  final Identity bridge;

  Bridging(Market market) {
    this.market = market;
    bridge = market.enroll("bridge-1", Role.BRIDGE);
    market.register(bridge);
  }

  /** A transaction hash made from {@code n}, as a chain would give one. */
  static String hash(int n) {
    return String.format(Locale.ROOT, "0x%064x", n);
  }

  static String clearing() {
    return BridgeRecords.clearingAccount(Long.parseLong(CHAIN));
  }

  /** The bridge's call crediting event {@code (hash(n), logIndex 0)} to {@code to}. */
  Function<Context, String> depositCall(int n, String to, long amount) {
    return ctx ->
        contract.creditDeposit(
            ctx, CHAIN, CONTRACT, hash(n), "0", "100", to, Long.toString(amount));
  }

  Deposit deposit(int n, Identity to, long amount) {
    return Json.read(market.submit(bridge, depositCall(n, to.id(), amount)), Deposit.class);
  }

  Withdrawal withdraw(Identity who, long amount) {
    return Json.read(
        market.submit(
            who, ctx -> contract.requestWithdrawal(ctx, Long.toString(amount), TO, CHAIN)),
        Withdrawal.class);
  }

  Withdrawal markPaid(String withdrawalId, int n) {
    return Json.read(
        market.submit(bridge, ctx -> contract.markWithdrawalPaid(ctx, withdrawalId, hash(n))),
        Withdrawal.class);
  }

  BridgeState state() {
    return Json.read(
        market.evaluate(bridge, ctx -> contract.getBridgeState(ctx, CHAIN)), BridgeState.class);
  }

  List<Withdrawal> list(Identity who, String status) {
    Page<Withdrawal> page =
        Json.read(
            market.evaluate(who, ctx -> contract.listWithdrawals(ctx, status, "", "")),
            new com.fasterxml.jackson.core.type.TypeReference<Page<Withdrawal>>() {});
    return page.records();
  }
}
