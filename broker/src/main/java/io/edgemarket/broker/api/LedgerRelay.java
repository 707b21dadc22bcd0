package io.edgemarket.broker.api;

import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.Endorsement;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerBackend;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.SignedProposal;
import io.javalin.http.Context;

/**
 * {@code POST /api/v1/ledger/submit|evaluate}: executes a proposal another participant signed. No
 * request signature is needed: the ledger verifies the proposal's own signature and acts as its
 * creator, so the relay cannot be used to act as anyone else. Asked with {@value
 * RemoteLedgerGateway#ENDORSE_HEADER}, the answer carries the ledger's own endorsement, which a
 * client checks so that it need not believe the relay; {@code GET /api/v1/ledger/checkpoint} hands
 * out the ledger's signed checkpoints. Both are the ledger's signatures, passed on untouched.
 */
final class LedgerRelay {
  private final LedgerBackend ledger;

  LedgerRelay(LedgerBackend ledger) {
    this.ledger = ledger;
  }

  void submit(Context ctx) {
    relay(ctx, true);
  }

  void evaluate(Context ctx) {
    relay(ctx, false);
  }

  private void relay(Context ctx, boolean submit) {
    SignedProposal proposal;
    try {
      proposal = Json.read(ctx.bodyAsBytes(), SignedProposal.class);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, e.getMessage());
    }
    if (proposal.transaction() == null
        || proposal.creatorPem() == null
        || proposal.nonce() == null) {
      throw new ApiException(
          400, ErrorCodes.BAD_REQUEST, "proposal lacks transaction, creator or nonce");
    }
    try {
      if ("true".equalsIgnoreCase(ctx.header(RemoteLedgerGateway.ENDORSE_HEADER))) {
        Endorsement.Answer answer = ledger.executeEndorsed(proposal, submit);
        ctx.json(
            new RemoteLedgerGateway.Result(
                answer.result(), proposal.transactionId(), answer.endorsement()));
      } else {
        String result = ledger.execute(proposal, submit);
        ctx.json(new RemoteLedgerGateway.Result(result, proposal.transactionId()));
      }
    } catch (LedgerException e) {
      fail(ctx, e, proposal.transactionId());
    }
  }

  /** {@code GET /api/v1/ledger/checkpoint[?height=N]}. */
  void checkpoint(Context ctx) {
    String height = ctx.queryParam("height");
    Long at;
    try {
      at = height == null ? null : Long.parseLong(height);
    } catch (NumberFormatException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, "height must be a number: " + height);
    }
    if (at != null && at < 1) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, "height must be at least 1: " + at);
    }
    try {
      Checkpoint checkpoint = ledger.checkpoint(at);
      ctx.json(checkpoint);
    } catch (LedgerException e) {
      fail(ctx, e, null);
    }
  }

  private static void fail(Context ctx, LedgerException e, String proposalTxId) {
    String txId = e.transactionId() != null ? e.transactionId() : proposalTxId;
    String phase = e.phase() == null ? null : e.phase().name();
    HttpApi.problem(ctx, ApiError.of(status(e.code()), e.code(), text(e), phase, txId));
  }

  /**
   * The ledger's own message without LedgerException's "PHASE failed [CODE] tx ID: " prefix: the
   * client's RemoteLedgerGateway rebuilds the exception and would otherwise prefix it twice.
   */
  static String text(LedgerException e) {
    String message = e.getMessage();
    int cut = message == null ? -1 : message.indexOf(": ");
    return cut >= 0 && message.contains(" failed [") ? message.substring(cut + 2) : message;
  }

  /** The mapping docs/http-api.md gives; codes it does not name are the caller's (400). */
  static int status(String code) {
    return switch (code) {
      case ErrorCodes.FORBIDDEN -> 403;
      case ErrorCodes.NOT_FOUND -> 404;
      case ErrorCodes.DUPLICATE,
          ErrorCodes.MVCC_READ_CONFLICT,
          ErrorCodes.ALREADY_EXISTS,
          ErrorCodes.FUNCTION_RETIRED ->
          409;
      case ErrorCodes.INSUFFICIENT_FUNDS -> 402;
      case ErrorCodes.UNAUTHENTICATED -> 401;
      case ErrorCodes.UNAVAILABLE -> 503;
      case ErrorCodes.INTERNAL -> 500;
      default -> 400;
    };
  }
}
