package io.edgemarket.chaincode;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Records.DisputeEvidence;
import io.edgemarket.model.ledger.Records.Page;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Challenges of an invocation's result ({@code DISPUTE~invocationId}). Opening one records the
 * evidence and stops every run of the invocation from settling until it is resolved ({@link
 * Verdicts}); the evidence must be verifiable by anyone from the ledger alone.
 */
final class Disputes {
  /** Disclosed inputs are kept on the ledger: at most 1 MiB (in base64, about 1.4 M characters). */
  static final int MAX_INPUT_CHARS = 1_400_000;

  static final int MAX_REASON = 1000;
  private static final Role[] OVERSEERS = {Role.AUDITOR, Role.ADMIN, Role.BROKER};

  private Disputes() {}

  static String key(ChaincodeStub stub, String invocationId) {
    return Keys.of(stub, Keys.DISPUTE, invocationId);
  }

  static Dispute find(ChaincodeStub stub, String invocationId) {
    return Keys.isValidId(invocationId)
        ? State.read(stub, key(stub, invocationId), Dispute.class)
        : null;
  }

  static String open(Context ctx, String evidenceJson) {
    Caller caller = Caller.registered(ctx);
    ChaincodeStub stub = ctx.getStub();
    DisputeEvidence evidence = Args.json(evidenceJson, DisputeEvidence.class, "dispute evidence");
    String id = Args.id("invocationId", evidence.invocationId());
    if (evidence.receipts().isEmpty()) {
      throw Errors.badRequest("a dispute needs the receipts of the runs it disputes");
    }
    InvocationTicket ticket = evidence.receipts().get(0).ticket();
    if (!id.equals(ticket.invocationId())) {
      throw Errors.badRequest("the receipts are not for invocation " + id);
    }
    // The ticket's own broker and consumer, and auditors: those who can see a result is wrong.
    boolean allowed =
        caller.is(Role.AUDITOR)
            || (caller.is(Role.BROKER) && caller.id().equals(ticket.brokerId()))
            || (caller.is(Role.CONSUMER) && caller.id().equals(ticket.consumerId()));
    if (!allowed) {
      throw Errors.forbidden(
          "only the ticket's broker or consumer, or an auditor, may dispute it; not "
              + caller.id());
    }
    String reason = evidence.reason() == null ? "" : evidence.reason();
    if (reason.length() > MAX_REASON) {
      throw Errors.badRequest("reason longer than " + MAX_REASON + " characters");
    }
    byte[] input = input(evidence.input());
    if (!ticket.matchesInput(input)) {
      throw Errors.badRequest("the input does not match the ticket's salted input digest");
    }
    if (State.exists(stub, key(stub, id))) {
      throw Errors.error(ErrorCodes.ALREADY_EXISTS, "invocation " + id + " is already disputed");
    }
    Evidence.checkTicket(stub, ticket);
    Evidence.check(stub, ticket, List.of(), evidence.receipts());
    FunctionSpec function = Functions.version(stub, ticket.functionId(), ticket.functionDigest());
    if (function == null) {
      throw Errors.badRequest(
          "function " + ticket.functionId() + " has no version " + ticket.functionDigest());
    }
    Dispute dispute =
        new Dispute(
            id,
            ticket.functionId(),
            ticket.consumerId(),
            function.trustLevel().name().toLowerCase(Locale.ROOT),
            Dispute.OPEN,
            evidence.receipts(),
            evidence.input(),
            caller.id(),
            State.now(stub),
            reason,
            null,
            null,
            List.of(),
            0,
            0,
            null,
            null);
    State.write(stub, key(stub, id), dispute);
    return Json.write(dispute);
  }

  static String get(Context ctx, String invocationId) {
    Caller caller = Caller.registered(ctx);
    Dispute dispute = find(ctx.getStub(), Args.id("invocationId", invocationId));
    if (dispute == null) {
      throw Errors.notFound("no dispute about " + invocationId);
    }
    boolean party =
        caller.id().equals(dispute.consumerId())
            || dispute.receipts().stream().map(Receipt::providerId).anyMatch(caller.id()::equals);
    if (!party) {
      caller.require(OVERSEERS);
    }
    return Json.write(dispute);
  }

  static String list(Context ctx, String pageSizeText, String bookmarkText) {
    Caller.registered(ctx).require(OVERSEERS);
    Rows.Slice slice =
        Rows.page(
            ctx.getStub(), Args.pageSize(pageSizeText), Args.bookmark(bookmarkText), Keys.DISPUTE);
    List<Dispute> disputes = new ArrayList<>();
    for (Rows.Row row : slice.rows()) {
      disputes.add(Json.read(row.value(), Dispute.class));
    }
    return Json.write(new Page<>(disputes, slice.bookmark()));
  }

  static String reputation(Context ctx, String providerId) {
    Caller.registered(ctx);
    return Json.write(Reputations.find(ctx.getStub(), Args.id("providerId", providerId)));
  }

  private static byte[] input(String base64) {
    if (base64 == null || base64.length() > MAX_INPUT_CHARS) {
      throw Errors.badRequest("input must be base64, at most " + MAX_INPUT_CHARS + " characters");
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw Errors.badRequest("input is not base64: " + e.getMessage());
    }
  }
}
