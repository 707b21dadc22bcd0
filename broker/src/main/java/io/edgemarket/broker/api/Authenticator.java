package io.edgemarket.broker.api;

import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.http.AuthenticationException;
import io.edgemarket.model.http.RequestVerifier;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one before-handler every matched request passes: enforces the route's body limit, then, on
 * signed routes, verifies the SignedHeaders over method, path with query and the raw body (or, on a
 * streamed route, the body digest its path names), and checks the caller's role against the route
 * table. The caller is left on the context for the handler. On a route whose body the caller signs
 * itself ({@link Route#bodySigned}), only the certificate is checked here: the handler verifies the
 * body's signature with it, and the caller is claimed, not proven, until it has.
 */
final class Authenticator {
  private static final String CALLER = "edgemarket.caller";
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private final RequestVerifier verifier;
  private final Sessions sessions;
  private final Map<String, Route> routes = new HashMap<>();

  Authenticator(RequestVerifier verifier, Sessions sessions, List<Route> table) {
    this.verifier = verifier;
    this.sessions = sessions;
    table.forEach(route -> routes.put(route.key(), route));
  }

  void handle(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    Route route = endpoint == null ? null : routes.get(Route.key(endpoint.method, endpoint.path));
    if (route == null) {
      return; // not one of ours (cannot happen: every endpoint comes from the table)
    }
    if (ctx.contentLength() > route.maxBody()) {
      throw tooLarge(route);
    }
    if (!route.signed()) {
      if (ctx.contentLength() < 0 && route.maxBody() > 0) {
        body(ctx, route); // a chunked body announces no length; its handler reads it from the cache
      }
      return;
    }
    if (route.session() && ctx.cookie(SessionHandlers.COOKIE) != null) {
      Sessions.Entry session = sessions.session(ctx.cookie(SessionHandlers.COOKIE));
      if (session == null) {
        throw new ApiException(
            401, ErrorCodes.UNAUTHENTICATED, "the session has expired or was signed out");
      }
      permit(route, session.caller());
      ctx.attribute(CALLER, session.caller());
      return;
    }
    String query = ctx.queryString();
    String pathAndQuery = ctx.path() + (query == null ? "" : "?" + query);
    AuthenticatedCaller caller;
    try {
      if (route.bodySigned()) {
        body(ctx, route); // the limit, for a chunked body too; the handler reads it from the cache
        caller = verifier.certified(ctx::header);
      } else if (route.bodyDigestParam() == null) {
        caller = verifier.verify(ctx.method().name(), pathAndQuery, body(ctx, route), ctx::header);
      } else {
        caller =
            verifier.verifyBodyDigest(
                ctx.method().name(), pathAndQuery, namedDigest(ctx, route), ctx::header);
      }
    } catch (AuthenticationException e) {
      throw new ApiException(401, ErrorCodes.UNAUTHENTICATED, e.getMessage());
    }
    permit(route, caller);
    ctx.attribute(CALLER, caller);
  }

  private static void permit(Route route, AuthenticatedCaller caller) {
    if (!route.roles().contains(caller.role())) {
      throw new ApiException(
          403,
          ErrorCodes.FORBIDDEN,
          caller.role().attributeValue() + " may not call " + route.key());
    }
  }

  private static byte[] body(Context ctx, Route route) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > route.maxBody()) {
      throw tooLarge(route); // a chunked body announces no length
    }
    return body;
  }

  /**
   * The digest a streamed body must have, as its path names it. Checking the signature against it
   * authenticates the request before a byte of a possibly huge body is read; the handler then
   * refuses a body that does not hash to it, so the signature still covers the body.
   */
  private static String namedDigest(Context ctx, Route route) {
    String digest = ctx.pathParam(route.bodyDigestParam());
    if (!DIGEST.matcher(digest).matches()) {
      throw new ApiException(
          400,
          ErrorCodes.BAD_REQUEST,
          route.bodyDigestParam() + " must be 64 lowercase hex digits (SHA-256)");
    }
    return digest;
  }

  /** The authenticated caller of a signed route. */
  static AuthenticatedCaller caller(Context ctx) {
    AuthenticatedCaller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw new ApiException(401, ErrorCodes.UNAUTHENTICATED, "request not authenticated");
    }
    return caller;
  }

  private static ApiException tooLarge(Route route) {
    return new ApiException(
        413, ErrorCodes.BAD_REQUEST, "request body exceeds " + route.maxBody() + " bytes");
  }
}
