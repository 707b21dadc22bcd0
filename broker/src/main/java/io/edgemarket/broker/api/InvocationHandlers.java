package io.edgemarket.broker.api;

import io.edgemarket.broker.invoke.InvocationService;
import io.javalin.http.Context;

/** {@code POST /api/v1/invocations} and {@code GET /api/v1/invocations/{id}}. */
final class InvocationHandlers {
  private final InvocationService invocations;

  InvocationHandlers(InvocationService invocations) {
    this.invocations = invocations;
  }

  void invoke(Context ctx) {
    boolean async = "true".equalsIgnoreCase(ctx.queryParam("async"));
    InvocationService.Answer answer =
        invocations.invoke(Authenticator.caller(ctx), ctx.bodyAsBytes(), async);
    ctx.status(answer.status()).json(answer.result());
  }

  void lookup(Context ctx) {
    ctx.json(invocations.lookup(Authenticator.caller(ctx), ctx.pathParam("id")));
  }
}
