package io.edgemarket.agent;

import io.edgemarket.model.api.Limits;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP server (Javalin on Jetty): its routes, and the JSON bodies it answers with,
 * written with the market's one JSON configuration so that both ends of every call agree.
 */
final class AgentServer {
  private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
  private static final String JSON = "application/json";

  /** A largest input, base64-encoded (4/3), plus room for the ticket and function spec. */
  static final long MAX_REQUEST_BYTES = Limits.MAX_PAYLOAD_BYTES * 2L;

  private final Javalin app;

  private AgentServer(Javalin app) {
    this.app = app;
  }

  /**
   * Binds and starts serving; throws if the address is unavailable. Without {@code invoke} (an
   * agent that takes invocations over its link only) it serves only the status routes.
   */
  static AgentServer start(
      AgentConfig config, InvokeHandler invoke, AgentMetrics metrics, String providerId) {
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
              if (invoke != null) {
                cfg.routes.post("/invoke", invoke);
              }
              cfg.routes.get("/health", new StatusHandlers.Health(providerId));
              cfg.routes.get("/metrics", new StatusHandlers.Metrics(metrics));
              cfg.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> error(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage()));
              cfg.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.warn("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                    error(ctx, 500, ErrorCodes.INTERNAL, "internal error");
                  });
            });
    app.start(config.bindHost(), config.port());
    return new AgentServer(app);
  }

  int port() {
    return app.port();
  }

  void stop() {
    app.stop();
  }

  static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(Json.bytes(body));
  }

  /** Errors are RFC 9457 problem details, as the broker's are. */
  static void error(Context ctx, int status, String code, String message) {
    ctx.status(status)
        .contentType(ApiError.MEDIA_TYPE)
        .result(Json.bytes(ApiError.of(status, code, message)));
  }

  static void error(Context ctx, AgentException e) {
    error(ctx, e.status(), e.code(), e.getMessage());
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 401 -> ErrorCodes.UNAUTHENTICATED;
      case 403 -> ErrorCodes.FORBIDDEN;
      case 404 -> ErrorCodes.NOT_FOUND;
      case 503 -> ErrorCodes.UNAVAILABLE;
      default -> status >= 500 ? ErrorCodes.INTERNAL : ErrorCodes.BAD_REQUEST;
    };
  }
}
