package io.edgemarket.broker.api;

import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerBackend;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.SignedProposal;
import io.javalin.http.Context;

/**
 * {@code POST /api/v1/ledger/submit|evaluate}: executes a proposal another participant signed. No
 * request signature is needed: the ledger verifies the proposal's own signature and acts as its
 * creator, so the relay cannot be used to act as anyone else.
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
      String result = ledger.execute(proposal, submit);
      ctx.json(new RemoteLedgerGateway.Result(result, proposal.transactionId()));
    } catch (LedgerException e) {
      String txId = e.transactionId() != null ? e.transactionId() : proposal.transactionId();
      String phase = e.phase() == null ? null : e.phase().name();
      HttpApi.problem(ctx, ApiError.of(status(e.code()), e.code(), text(e), phase, txId));
    }
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
      case ErrorCodes.DUPLICATE, ErrorCodes.MVCC_READ_CONFLICT, ErrorCodes.ALREADY_EXISTS -> 409;
      case ErrorCodes.INSUFFICIENT_FUNDS -> 402;
      case ErrorCodes.UNAUTHENTICATED -> 401;
      case ErrorCodes.UNAVAILABLE -> 503;
      case ErrorCodes.INTERNAL -> 500;
      default -> 400;
    };
  }
}
