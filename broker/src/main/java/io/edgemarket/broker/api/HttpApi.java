package io.edgemarket.broker.api;

import static io.javalin.websocket.WsHandlerType.WEBSOCKET;

import io.edgemarket.broker.enroll.EnrollmentException;
import io.edgemarket.broker.invoke.InvocationRefusedException;
import io.edgemarket.model.crypto.ServerCredentials;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.link.LinkHandshake;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's HTTP server (Javalin on Jetty): registers the route table, the authenticating
 * before-handler and the error mapping that turns every failure into an {@link ApiError}: an RFC
 * 9457 problem details body, {@code application/problem+json}.
 */
public final class HttpApi implements AutoCloseable {
  /** The handler groups, one per resource, built once per server from the services. */
  record Handlers(
      SystemHandlers system,
      LedgerRelay relay,
      BlobHandlers blobs,
      InvocationHandlers invocations,
      MarketHandlers market,
      EnrollmentHandlers enrollment,
      RouteHandlers routes,
      MarketEvents events,
      SessionHandlers sessions,
      ExplorerHandlers explorer,
      MeHandlers me) {

    static Handlers of(ApiServices services, Sessions sessions) {
      return new Handlers(
          new SystemHandlers(services),
          new LedgerRelay(services.ledger()),
          new BlobHandlers(services.blobs()),
          new InvocationHandlers(services.invocations()),
          new MarketHandlers(services),
          new EnrollmentHandlers(services.enrollment()),
          new RouteHandlers(services.routes()),
          new MarketEvents(new Snapshots(services), MarketEvents.MAX_SUBSCRIBERS),
          new SessionHandlers(sessions),
          new ExplorerHandlers(services),
          new MeHandlers(services));
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  /**
   * Javalin's cap on a body read into memory ({@code bodyAsBytes}), above every buffered route's
   * limit so the per-route limits answer 413 with an ApiError. Streamed bodies (blob uploads, up to
   * 512 MiB) are not read that way: the blob store enforces their limit as they arrive.
   */
  private static final long MAX_REQUEST_BYTES = 40L * 1024 * 1024;

  private final Javalin app;
  private final MarketEvents events;
  private String host;
  private int port;

  /** A plain HTTP server. */
  public HttpApi(ApiServices services) {
    this(services, null, null);
  }

  /**
   * An HTTPS server presenting {@code tls} (plain HTTP when null), accepting client certificates
   * from {@code clients}.
   */
  public HttpApi(ApiServices services, ServerCredentials tls, TrustRoots clients) {
    Sessions sessions = new Sessions(System::currentTimeMillis);
    Handlers handlers = Handlers.of(services, sessions);
    this.events = handlers.events();
    Authenticator authenticator = new Authenticator(services.verifier(), sessions, Routes.ALL);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jsonMapper(new JavalinJackson(Json.mapper(), false));
              config.http.maxRequestSize = MAX_REQUEST_BYTES;
              config.jetty.modifyServer(
                  server -> {
                    server.setErrorHandler(new ProblemErrorHandler());
                    server.addBean(new HeaderDeadline(server, HeaderDeadline.DEFAULT));
                  });
              if (tls != null) {
                config.jetty.addConnector(
                    (server, http) -> TlsConnector.create(server, http, tls, clients, host, port));
              }
              config.routes.beforeMatched(authenticator::handle);
              for (Route route : Routes.ALL) {
                config.routes.addHttpHandler(
                    route.method(), route.path(), route.bind().apply(handlers));
              }
              config.routes.addWsHandler(
                  WEBSOCKET, LinkHandshake.PATH, services.links()::configure);
              config.routes.exception(
                  ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
              config.routes.exception(
                  InvocationRefusedException.class,
                  (e, ctx) -> {
                    if (e.retryAfterSeconds() > 0) {
                      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                    }
                    error(ctx, InvocationHandlers.status(e.refusal()), e.code(), e.getMessage());
                  });
              config.routes.exception(
                  EnrollmentException.class,
                  (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) -> error(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage()));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, ErrorCodes.INTERNAL, "internal error");
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.endpoints().matchedHttpEndpoint() == null) {
                      error(
                          ctx,
                          404,
                          ErrorCodes.NOT_FOUND,
                          "no route " + ctx.method() + " " + ctx.path());
                    }
                  });
            });
  }

  /** Starts listening; returns the bound port (useful when asked for port 0). */
  public int start(String host, int port) {
    this.host = host;
    this.port = port;
    app.start(host, port);
    return app.port();
  }

  public int port() {
    return app.port();
  }

  private static void error(Context ctx, int status, String code, String message) {
    problem(ctx, ApiError.of(status, code, message));
  }

  /** Answers with a problem details body, under its own media type. */
  static void problem(Context ctx, ApiError problem) {
    ctx.status(problem.status()).contentType(ApiError.MEDIA_TYPE).result(Json.bytes(problem));
  }

  static String codeOf(int status) {
    return switch (status) {
      case 401 -> ErrorCodes.UNAUTHENTICATED;
      case 403 -> ErrorCodes.FORBIDDEN;
      case 404 -> ErrorCodes.NOT_FOUND;
      case 409 -> ErrorCodes.DUPLICATE;
      case 503 -> ErrorCodes.UNAVAILABLE;
      default -> status >= 500 ? ErrorCodes.INTERNAL : ErrorCodes.BAD_REQUEST;
    };
  }

  @Override
  public void close() {
    events.close(); // ends the live streams, which would otherwise hold the server's stop up
    app.stop();
  }
}
