package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.ledger.Records.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Escrow accounts: issuing, transfers, balances and the journal. One account per participant. */
final class Accounts {
  private Accounts() {}

  /** Money enters the market only here, as a posting from the issuer, which goes negative. */
  static String creditEscrow(Context ctx, String accountId, String amountText, String reference) {
    Caller.registered(ctx).require(Role.ADMIN);
    ChaincodeStub stub = ctx.getStub();
    long amount = Args.positiveAmount(amountText);
    String target = requireAccountHolder(stub, accountId);
    Holding before = Holding.read(stub, target);
    Journal journal = new Journal();
    journal.post(Keys.ISSUER, target, amount);
    // The issuer takes a negative slip instead of a read-modify-write, so top-ups never collide.
    journal.commit(stub, Journal.CREDIT, Args.reference(reference), Map.of());
    return Json.write(new Balance(target, Math.addExact(before.balance(), amount)));
  }

  static String transfer(Context ctx, String toId, String amountText, String reference) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    long amount = Args.positiveAmount(amountText);
    String to = requireAccountHolder(stub, toId);
    if (to.equals(caller.id())) {
      throw Errors.badRequest("cannot transfer to oneself");
    }
    Holding from = Holding.read(stub, caller.id());
    if (from.balance() < amount) {
      throw Errors.error(
          ErrorCodes.INSUFFICIENT_FUNDS,
          caller.id() + " has " + from.balance() + ", needs " + amount);
    }
    Journal journal = new Journal();
    journal.post(caller.id(), to, amount);
    journal.commit(stub, Journal.TRANSFER, Args.reference(reference), Map.of(caller.id(), from));
    return Json.write(new Transfer(caller.id(), to, amount));
  }

  static String balance(Context ctx, String accountId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    Args.id("accountId", accountId);
    if (!accountId.equals(caller.id())) {
      caller.require(Role.BROKER, Role.AUDITOR, Role.ADMIN);
      if (!Keys.ISSUER.equals(accountId)) {
        requireAccountHolder(stub, accountId);
      }
    }
    return Json.write(new Balance(accountId, Holding.read(stub, accountId).balance()));
  }

  /**
   * Every account, the issuer first: accounts are those of registered participants, so paging runs
   * over participants (an account that was only ever credited has slips but no base key).
   */
  static String list(Context ctx, String pageSizeText, String bookmarkText) {
    Caller.registered(ctx).require(Role.AUDITOR, Role.ADMIN, Role.BROKER);
    ChaincodeStub stub = ctx.getStub();
    String bookmark = Args.bookmark(bookmarkText);
    Rows.Slice slice = Rows.page(stub, Args.pageSize(pageSizeText), bookmark, Keys.PARTICIPANT);
    List<Balance> balances = new ArrayList<>();
    if (bookmark.isEmpty()) {
      balances.add(new Balance(Keys.ISSUER, Holding.read(stub, Keys.ISSUER).balance()));
    }
    for (Rows.Row row : slice.rows()) {
      String id = Json.read(row.value(), Participant.class).id();
      balances.add(new Balance(id, Holding.read(stub, id).balance()));
    }
    return Json.write(new Page<>(balances, slice.bookmark()));
  }

  static String journal(Context ctx, String pageSizeText, String bookmarkText) {
    Caller.registered(ctx).require(Role.AUDITOR, Role.ADMIN);
    ChaincodeStub stub = ctx.getStub();
    Rows.Slice slice =
        Rows.page(stub, Args.pageSize(pageSizeText), Args.bookmark(bookmarkText), Keys.JOURNAL);
    List<JournalEntry> entries = new ArrayList<>();
    for (Rows.Row row : slice.rows()) {
      entries.add(Json.read(row.value(), JournalEntry.class));
    }
    return Json.write(new Page<>(entries, slice.bookmark()));
  }

  private static String requireAccountHolder(ChaincodeStub stub, String accountId) {
    Args.id("accountId", accountId);
    if (Participants.find(stub, accountId) == null) {
      throw Errors.error(ErrorCodes.NOT_REGISTERED, "no registered participant " + accountId);
    }
    return accountId;
  }
}
