package io.edgemarket.broker.api;

import io.edgemarket.broker.invoke.InvocationService;
import io.edgemarket.broker.invoke.Refusal;
import io.edgemarket.model.Statement;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code POST /api/v1/invocations}, {@code GET /api/v1/invocations}, {@code GET
 * /api/v1/invocations/{id}} and {@code POST /api/v1/statements}: parse the request, hand it to the
 * {@link InvocationService}, and tell its outcome in HTTP (a result's status, or a refusal's, see
 * {@link #status}). The function's logs are in the answer only when asked for with {@code
 * ?logs=true} (the service keeps them for the function's owner alone).
 */
final class InvocationHandlers {
  private final InvocationService invocations;

  InvocationHandlers(InvocationService invocations) {
    this.invocations = invocations;
  }

  void invoke(Context ctx) {
    boolean async = "true".equalsIgnoreCase(ctx.queryParam("async"));
    InvocationRequest request;
    try {
      request = Json.read(ctx.bodyAsBytes(), InvocationRequest.class);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, e.getMessage());
    }
    InvocationResult result = invocations.invoke(Authenticator.caller(ctx), request, async);
    ctx.status(result.status() == InvocationResult.Status.PENDING ? 202 : 200)
        .json(logsIfAsked(ctx, result));
  }

  /**
   * {@code POST /api/v1/statements}: the consumer's statement over tickets it issued, for the
   * tickets no invocation carried a statement for (the SDK sends one when it closes).
   */
  void statement(Context ctx) {
    Statement statement;
    try {
      statement = Json.read(ctx.bodyAsBytes(), Statement.class);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, ErrorCodes.BAD_REQUEST, e.getMessage());
    }
    invocations.statement(Authenticator.caller(ctx), statement);
    ctx.status(202).json(Map.of("tickets", statement.leaves().size()));
  }

  /** {@code GET /api/v1/invocations?function=ID&since=MILLIS}: both optional. */
  void list(Context ctx) {
    String function = ctx.queryParam("function");
    String since = ctx.queryParam("since");
    long from;
    try {
      from = since == null || since.isBlank() ? 0 : Long.parseLong(since.trim());
    } catch (NumberFormatException e) {
      throw new ApiException(
          400, ErrorCodes.BAD_REQUEST, "since must be epoch milliseconds, not '" + since + "'");
    }
    ctx.json(
        invocations.list(
            Authenticator.caller(ctx),
            function == null || function.isBlank() ? null : function,
            from));
  }

  void lookup(Context ctx) {
    ctx.json(logsIfAsked(ctx, invocations.lookup(Authenticator.caller(ctx), ctx.pathParam("id"))));
  }

  private static InvocationResult logsIfAsked(Context ctx, InvocationResult result) {
    return "true".equalsIgnoreCase(ctx.queryParam("logs")) ? result : result.withoutLogs();
  }

  /** The status each refusal is answered with; docs/http-api.md lists them. */
  static int status(Refusal refusal) {
    return switch (refusal) {
      case MALFORMED, BAD_SIGNATURE, PROVIDER_REFUSED -> 400;
      case INSUFFICIENT_FUNDS, GRANT_EXHAUSTED -> 402;
      case ROUTE_KEY_REFUSED -> 401;
      case NOT_YOURS -> 403;
      case UNKNOWN_FUNCTION, UNKNOWN_INVOCATION, NO_ROUTE -> 404;
      case DUPLICATE -> 409;
      case FUNCTION_RETIRED, GRANT_REVOKED -> 410;
      case TOO_LARGE -> 413;
      case TOO_MANY_IN_FLIGHT, QUOTA_EXCEEDED -> 429;
      case NOT_RECORDED -> 500;
      case PROVIDERS_FAILED -> 502;
      case LEDGER_UNAVAILABLE, NO_PROVIDER, NO_OFFER -> 503;
    };
  }
}
