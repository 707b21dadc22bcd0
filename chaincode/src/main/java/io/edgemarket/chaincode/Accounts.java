package io.edgemarket.chaincode;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Records.Credit;
import io.edgemarket.model.ledger.Records.Decision;
import io.edgemarket.model.ledger.Records.Fold;
import io.edgemarket.model.ledger.Records.JournalEntry;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Records.Participant;
import io.edgemarket.model.ledger.Records.PendingTransfer;
import io.edgemarket.model.ledger.Records.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Escrow accounts: issuing, transfers, balances and the journal. One account per participant. */
final class Accounts {
  private Accounts() {}

  /**
   * Money enters the market only here, as a posting from the issuer, which goes negative. It is a
   * governed action: each governing organisation's admin calls it with the same arguments, and the
   * last call credits (the reference makes each credit one decision, never repeated).
   */
  static String creditEscrow(Context ctx, String accountId, String amountText, String reference) {
    Caller admin = Caller.registered(ctx).require(Role.ADMIN);
    ChaincodeStub stub = ctx.getStub();
    long amount = Args.positiveAmount(amountText);
    String target = requireAccountHolder(stub, accountId);
    String ref = Args.reference(reference);
    Decision decision =
        Approvals.approve(stub, admin, "credit", target, target + "\n" + amount + "\n" + ref, null);
    Holding before = Holding.read(stub, target);
    if (!Decision.DONE.equals(decision.status())) {
      return Json.write(Credit.of(target, before.balance(), decision));
    }
    // Issuance is bounded, so no balance and no sum of balances can overflow. Reading the issuer
    // makes concurrent credits conflict, which is fine: they are rare and governed. Money deposited
    // through the bridge counts toward the same supply.
    Holding issuer = Holding.read(stub, Keys.ISSUER);
    if (Chains.supply(stub) > Money.MAX_SUPPLY - amount) {
      throw Errors.badRequest(
          "issuing " + amount + " would exceed the market's supply of " + Money.MAX_SUPPLY);
    }
    Journal journal = new Journal();
    journal.post(Keys.ISSUER, target, amount);
    journal.commit(stub, Journal.CREDIT, ref, Map.of(Keys.ISSUER, issuer), admin.id());
    return Json.write(Credit.of(target, Math.addExact(before.balance(), amount), decision));
  }

  /**
   * Moves money from the caller to another participant. A consumer's transfer out is not done at
   * once: its escrow backs tickets it has already signed, which providers may still be running, so
   * the transfer waits until every such ticket has expired and its settlement window has passed
   * ({@code MarketConfig.withdrawalDelay}); then anyone may complete it with CompleteTransfer.
   */
  static String transfer(Context ctx, String toId, String amountText, String reference) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    long amount = Args.positiveAmount(amountText);
    String to = requireAccountHolder(stub, toId);
    if (to.equals(caller.id())) {
      throw Errors.badRequest("cannot transfer to oneself");
    }
    String ref = Args.reference(reference);
    claimReference(stub, caller.id(), ref);
    Holding from = Holding.read(stub, caller.id());
    requireCover(stub, caller.id(), from, amount);
    if (caller.is(Role.CONSUMER)) {
      long now = State.now(stub);
      long executableAt = Math.addExact(now, Config.read(stub).withdrawalDelay());
      PendingTransfer pending =
          new PendingTransfer(
              stub.getTxId(),
              caller.id(),
              to,
              amount,
              ref,
              now,
              executableAt,
              PendingTransfer.PENDING);
      State.write(stub, Keys.of(stub, Keys.TRANSFER_OUT, caller.id(), stub.getTxId()), pending);
      return Json.write(
          new Transfer(
              caller.id(), to, amount, PendingTransfer.PENDING, stub.getTxId(), executableAt));
    }
    Journal journal = new Journal();
    journal.post(caller.id(), to, amount);
    journal.commit(stub, Journal.TRANSFER, ref, Map.of(caller.id(), from), caller.id());
    return Json.write(new Transfer(caller.id(), to, amount));
  }

  /** Carries out a consumer's pending transfer once its delay has passed; anyone may call it. */
  static String completeTransfer(Context ctx, String fromId, String transferId) {
    Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    String key =
        Keys.of(
            stub, Keys.TRANSFER_OUT, Args.id("from", fromId), Args.id("transferId", transferId));
    PendingTransfer pending = State.read(stub, key, PendingTransfer.class);
    if (pending == null || !PendingTransfer.PENDING.equals(pending.status())) {
      throw Errors.notFound("no pending transfer " + transferId + " from " + fromId);
    }
    long now = State.now(stub);
    if (now < pending.executableAt()) {
      throw Errors.error(
          ErrorCodes.TOO_EARLY,
          "transfer "
              + transferId
              + " may complete from "
              + pending.executableAt()
              + ", now "
              + now);
    }
    Holding from = Holding.read(stub, pending.from());
    requireCover(stub, pending.from(), from, pending.amount());
    Journal journal = new Journal();
    journal.post(pending.from(), pending.to(), pending.amount());
    // The payer asked for it when it requested the transfer; whoever completes it only pushes.
    journal.commit(
        stub, Journal.TRANSFER, pending.reference(), Map.of(pending.from(), from), pending.from());
    State.write(
        stub,
        key,
        new PendingTransfer(
            pending.transferId(),
            pending.from(),
            pending.to(),
            pending.amount(),
            pending.reference(),
            pending.requestedAt(),
            pending.executableAt(),
            PendingTransfer.DONE));
    return Json.write(
        new Transfer(
            pending.from(),
            pending.to(),
            pending.amount(),
            PendingTransfer.DONE,
            transferId,
            pending.executableAt()));
  }

  /**
   * Folds up to {@link Holding#FOLD_CHUNK} of an account's credit slips into its base, so that
   * reading its balance stays bounded. The owner or an overseer may call it; it moves no money.
   */
  static String foldCredits(Context ctx, String accountId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    Args.id("accountId", accountId);
    if (!accountId.equals(caller.id())) {
      caller.require(Role.BROKER, Role.AUDITOR, Role.ADMIN);
      if (!Keys.ISSUER.equals(accountId)) {
        requireAccountHolder(stub, accountId);
      }
    }
    Holding holding = Holding.read(stub, accountId, Holding.FOLD_CHUNK);
    if (!holding.slipKeys().isEmpty()) {
      holding.fold(stub, holding.balance());
    }
    return Json.write(
        new Fold(accountId, holding.slipKeys().size(), holding.more(), holding.balance()));
  }

  /**
   * A transfer's reference is its idempotency key: a client that retries a transfer whose answer it
   * lost (the same payer and reference) gets DUPLICATE instead of paying twice. A blank reference
   * opts out.
   */
  private static void claimReference(ChaincodeStub stub, String payer, String reference) {
    if (reference.isBlank()) {
      return;
    }
    String key = Keys.of(stub, Keys.TRANSFER_REFERENCE, payer, Crypto.sha256Hex(reference));
    if (State.exists(stub, key)) {
      throw Errors.error(
          ErrorCodes.DUPLICATE, payer + " already made a transfer with reference " + reference);
    }
    State.write(stub, key, stub.getTxId());
  }

  /** Money held by the account's stakes stays in its balance but cannot be moved. */
  static void requireCover(ChaincodeStub stub, String accountId, Holding holding, long amount) {
    long locked = Stakes.locked(stub, accountId);
    long spendable = Math.subtractExact(holding.balance(), locked);
    if (spendable < amount) {
      throw Errors.error(
          ErrorCodes.INSUFFICIENT_FUNDS,
          accountId
              + " has "
              + holding.balance()
              + (locked > 0 ? " (" + locked + " of it staked)" : "")
              + ", needs "
              + amount);
    }
  }

  static String balance(Context ctx, String accountId) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    Args.id("accountId", accountId);
    boolean clearing = Chains.isClearingAccount(stub, accountId);
    if (clearing) {
      caller.require(Role.BROKER, Role.AUDITOR, Role.ADMIN, Role.BRIDGE);
    } else if (!accountId.equals(caller.id())) {
      caller.require(Role.BROKER, Role.AUDITOR, Role.ADMIN);
      if (!Keys.ISSUER.equals(accountId)) {
        requireAccountHolder(stub, accountId);
      }
    }
    long locked = Keys.ISSUER.equals(accountId) || clearing ? 0 : Stakes.locked(stub, accountId);
    return Json.write(
        new Balance(
            accountId, Holding.read(stub, accountId).balance(), locked > 0 ? locked : null));
  }

  /**
   * Every account, the issuer and the bridge's clearing accounts first: accounts are those of
   * registered participants, so paging runs over participants (an account that was only ever
   * credited has slips but no base key).
   */
  static String list(Context ctx, String pageSizeText, String bookmarkText) {
    Caller.registered(ctx).require(Role.AUDITOR, Role.ADMIN, Role.BROKER);
    ChaincodeStub stub = ctx.getStub();
    String bookmark = Args.bookmark(bookmarkText);
    Rows.Slice slice = Rows.page(stub, Args.pageSize(pageSizeText), bookmark, Keys.PARTICIPANT);
    List<Balance> balances = new ArrayList<>();
    if (bookmark.isEmpty()) {
      balances.add(new Balance(Keys.ISSUER, Holding.read(stub, Keys.ISSUER).balance()));
      for (String clearing : Chains.clearingAccounts(stub)) {
        balances.add(new Balance(clearing, Holding.read(stub, clearing).balance()));
      }
    }
    for (Rows.Row row : slice.rows()) {
      String id = Json.read(row.value(), Participant.class).id();
      balances.add(new Balance(id, Holding.read(stub, id).balance()));
    }
    return Json.write(new Page<>(balances, slice.bookmark()));
  }

  static String journal(Context ctx, String pageSizeText, String bookmarkText) {
    // The broker reads it for the web UI's ledger explorer, which it shows to auditors and admins.
    Caller.registered(ctx).require(Role.AUDITOR, Role.ADMIN, Role.BROKER);
    ChaincodeStub stub = ctx.getStub();
    Rows.Slice slice =
        Rows.page(stub, Args.pageSize(pageSizeText), Args.bookmark(bookmarkText), Keys.JOURNAL);
    List<JournalEntry> entries = new ArrayList<>();
    for (Rows.Row row : slice.rows()) {
      entries.add(Json.read(row.value(), JournalEntry.class));
    }
    return Json.write(new Page<>(entries, slice.bookmark()));
  }

  static String requireAccountHolder(ChaincodeStub stub, String accountId) {
    Args.id("accountId", accountId);
    if (Participants.find(stub, accountId) == null) {
      throw Errors.error(ErrorCodes.NOT_REGISTERED, "no registered participant " + accountId);
    }
    return accountId;
  }
}
