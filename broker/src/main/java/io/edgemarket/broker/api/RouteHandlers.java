package io.edgemarket.broker.api;

import io.edgemarket.broker.trigger.RouteService;
import io.edgemarket.model.api.InvocationResult;
import io.javalin.http.Context;

/**
 * {@code POST /run/{owner}/{route}}: a device that is no market participant calls the route with
 * the key its owner gave it ({@code X-Route-Key}); the body is the function's input as it is. The
 * answer is the output as it is, with the invocation id, its cost and its status in headers; a
 * refusal is problem details, as for {@code POST /api/v1/invocations}.
 */
final class RouteHandlers {
  static final String KEY_HEADER = "X-Route-Key";
  static final String OUTPUT_TYPE = "application/octet-stream";

  private final RouteService routes;

  RouteHandlers(RouteService routes) {
    this.routes = routes;
  }

  void run(Context ctx) {
    InvocationResult result =
        routes.run(
            ctx.pathParam("owner"),
            ctx.pathParam("route"),
            ctx.header(KEY_HEADER),
            ctx.bodyAsBytes());
    byte[] output = result.output();
    ctx.status(200)
        .header("X-Invocation-Id", result.invocationId())
        .header("X-Cost", Long.toString(result.cost()))
        .header("X-Invocation-Status", result.status().name())
        .contentType(OUTPUT_TYPE)
        .result(output == null ? new byte[0] : output);
  }
}
