package io.edgemarket.broker.api;

import io.edgemarket.model.api.SessionView;
import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.ledger.ErrorCodes;
import io.javalin.http.Context;

/**
 * Signing a browser in to the web UI: a signed request asks for a one-time link, the link sets a
 * session cookie, the cookie then authenticates the UI's own views ({@link Route#viewer}) with the
 * participant's role, as its signed requests would. The cookie is HttpOnly (no script reads it) and
 * SameSite=Strict (no other site's page can send it), and Secure over HTTPS.
 */
final class SessionHandlers {
  static final String COOKIE = "em_session";

  private final Sessions sessions;

  SessionHandlers(Sessions sessions) {
    this.sessions = sessions;
  }

  /** {@code POST /api/v1/sessions}: a one-time sign-in link for the signed caller. */
  void create(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    String path = "/signin?token=" + sessions.link(caller);
    String url = ctx.scheme() + "://" + ctx.host() + path;
    ctx.status(201)
        .header("Cache-Control", "no-store")
        .json(new SignInLink(url, path, System.currentTimeMillis() + Sessions.LINK_TTL_MILLIS));
  }

  /** {@code GET /signin?token=T}: trades the link's token for a session cookie, once. */
  void signIn(Context ctx) {
    String session = sessions.signIn(ctx.queryParam("token"));
    if (session == null) {
      throw new ApiException(
          401,
          ErrorCodes.UNAUTHENTICATED,
          "this sign-in link is unknown, used or expired: ask for a new one (./edgemarket open)");
    }
    ctx.header("Set-Cookie", cookie(ctx, session, Sessions.SESSION_TTL_MILLIS / 1000));
    ctx.header("Cache-Control", "no-store");
    ctx.header("Location", "/#/me");
    ctx.status(303);
  }

  /** {@code GET /api/v1/session}: who the UI is signed in as. */
  void current(Context ctx) {
    AuthenticatedCaller caller = Authenticator.caller(ctx);
    Sessions.Entry session = sessions.session(ctx.cookie(COOKIE));
    ctx.header("Cache-Control", "no-store")
        .json(
            new SessionView(
                caller.id(),
                caller.role().attributeValue(),
                session == null ? null : session.expiresAt()));
  }

  /** {@code DELETE /api/v1/session}: signs the browser out. */
  void signOut(Context ctx) {
    sessions.signOut(ctx.cookie(COOKIE));
    ctx.header("Set-Cookie", cookie(ctx, "", 0));
    ctx.status(204);
  }

  private static String cookie(Context ctx, String value, long maxAgeSeconds) {
    return COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + ("https".equals(ctx.scheme()) ? "; Secure" : "");
  }
}
