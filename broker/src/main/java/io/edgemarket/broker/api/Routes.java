package io.edgemarket.broker.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.edgemarket.model.Role;
import io.edgemarket.model.api.Limits;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The broker's route table: every route, who may call it, and its body limit. It is the single
 * source for registration, authentication and the OpenAPI check (a test compares it with {@code
 * openapi.json} both ways).
 */
final class Routes {
  static final String API = "/api/v1";
  private static final long NO_BODY = 0;
  static final long SMALL_BODY = 64 * 1024;

  /** A ledger proposal: a settlement batch of a few thousand receipts fits. */
  static final long PROPOSAL_BODY = 32L * 1024 * 1024;

  /** A 1 MiB input is 1.34 MiB as base64, plus the ticket. */
  static final long INVOCATION_BODY = Limits.MAX_PAYLOAD_BYTES * 4L / 3 + 64 * 1024;

  /** Every market participant; ledger nodes have no business with the API. */
  private static final Set<Role> ANY = EnumSet.complementOf(EnumSet.of(Role.ORDERER));

  /** The ledger explorer's readers (docs/http-api.md#ledger-explorer). */
  private static final Set<Role> OVERSEERS = EnumSet.of(Role.AUDITOR, Role.ADMIN);

  static final String EXPLORER = API + "/explorer";
  private static final Set<Role> PROVIDER = Set.of(Role.PROVIDER);
  private static final Set<Role> CONSUMER = Set.of(Role.CONSUMER);
  private static final Set<Role> PARTIES = Set.of(Role.PROVIDER, Role.CONSUMER);

  static final List<Route> ALL =
      List.of(
          Route.open(GET, API + "/health", NO_BODY, h -> h.system()::health),
          Route.open(GET, API + "/openapi.json", NO_BODY, h -> h.system()::openApi),
          Route.open(POST, API + "/ledger/submit", PROPOSAL_BODY, h -> h.relay()::submit),
          Route.open(POST, API + "/ledger/evaluate", PROPOSAL_BODY, h -> h.relay()::evaluate),
          Route.open(GET, API + "/ledger/checkpoint", NO_BODY, h -> h.relay()::checkpoint),
          // Image tars reach 512 MiB: streamed to disk, signed over the digest the path names.
          Route.streamed(
              PUT,
              API + "/blobs/{sha256}",
              Set.of(Role.CONSUMER),
              Limits.MAX_IMAGE_BYTES,
              "sha256",
              h -> h.blobs()::put),
          Route.signed(
              GET,
              API + "/blobs/{sha256}",
              Set.of(Role.PROVIDER, Role.BROKER, Role.AUDITOR),
              NO_BODY,
              h -> h.blobs()::get),
          // The ticket in the body is the consumer's signature over everything that matters (its
          // own id, expiry and input digest; a replay runs nothing), verified by the service with
          // the certificate the request names: a second signature over the request adds nothing.
          Route.bodySigned(
              POST,
              API + "/invocations",
              Set.of(Role.CONSUMER),
              INVOCATION_BODY,
              h -> h.invocations()::invoke),
          // Self-authenticating as a ticket is: the consumer's own signature over the tickets it
          // names, verified with the certificate the request names (issue 11).
          Route.bodySigned(
              POST,
              API + "/statements",
              Set.of(Role.CONSUMER),
              INVOCATION_BODY,
              h -> h.invocations()::statement),
          Route.signed(
              GET,
              API + "/invocations",
              Set.of(Role.CONSUMER, Role.AUDITOR),
              NO_BODY,
              h -> h.invocations()::list),
          Route.signed(
              GET,
              API + "/invocations/{id}",
              Set.of(Role.CONSUMER, Role.AUDITOR),
              NO_BODY,
              h -> h.invocations()::lookup),
          Route.signed(GET, API + "/offers", ANY, NO_BODY, h -> h.market()::offers),
          Route.signed(GET, API + "/market", ANY, NO_BODY, h -> h.market()::summary),
          Route.open(GET, API + "/public/market", NO_BODY, h -> h.market()::publicMarket),
          // Server-sent events for the web UI's overview; bounded in subscribers (MarketEvents).
          Route.open(GET, API + "/public/events", NO_BODY, h -> h.events()::subscribe),
          Route.signed(
              POST,
              API + "/providers/heartbeat",
              Set.of(Role.PROVIDER),
              SMALL_BODY,
              h -> h.market()::heartbeat),
          Route.signed(
              POST,
              API + "/verifiers/heartbeat",
              Set.of(Role.AUDITOR),
              SMALL_BODY,
              h -> h.market()::verifierHeartbeat),
          Route.signed(
              POST,
              API + "/enrollment/tokens",
              Set.of(Role.ADMIN),
              SMALL_BODY,
              h -> h.enrollment()::issueToken),
          Route.open(POST, API + "/enroll", SMALL_BODY, h -> h.enrollment()::enroll),
          // Called by devices that are no market participants: the X-Route-Key header is the
          // credential, checked against the hashes the route's grants hold (docs/triggers.md).
          Route.open(POST, "/run/{owner}/{route}", Limits.MAX_PAYLOAD_BYTES, h -> h.routes()::run),
          // The web UI's sign-in: a signed request gets a one-time link, the link a session cookie
          // (docs/web-ui.md, docs/http-api.md); viewer routes take the cookie as SignedHeaders.
          Route.signed(POST, API + "/sessions", ANY, NO_BODY, h -> h.sessions()::create),
          Route.open(GET, "/signin", NO_BODY, h -> h.sessions()::signIn),
          Route.viewer(GET, API + "/session", ANY, NO_BODY, h -> h.sessions()::current),
          Route.viewer(DELETE, API + "/session", ANY, NO_BODY, h -> h.sessions()::signOut),
          Route.viewer(GET, EXPLORER + "/batches", OVERSEERS, NO_BODY, h -> h.explorer()::batches),
          Route.viewer(
              GET, EXPLORER + "/batches/{batchId}", OVERSEERS, NO_BODY, h -> h.explorer()::batch),
          Route.viewer(
              GET, EXPLORER + "/receipts/{runId}", OVERSEERS, NO_BODY, h -> h.explorer()::receipt),
          Route.viewer(GET, EXPLORER + "/search", OVERSEERS, NO_BODY, h -> h.explorer()::search),
          Route.viewer(
              GET,
              EXPLORER + "/accounts/{accountId}/journal",
              OVERSEERS,
              NO_BODY,
              h -> h.explorer()::journal),
          Route.viewer(
              GET, EXPLORER + "/audit-report", OVERSEERS, NO_BODY, h -> h.explorer()::auditReport),
          // Published by the auditor's own audit (./edgemarket audit --publish): signed, not a
          // page's.
          Route.signed(
              POST,
              EXPLORER + "/audit-report",
              Set.of(Role.AUDITOR),
              AuditReports.MAX_BYTES,
              h -> h.explorer()::publishAuditReport),
          // Each participant's own view (issue 15): only the caller's data, for the roles it is.
          Route.viewer(GET, API + "/me", ANY, NO_BODY, h -> h.me()::summary),
          Route.viewer(GET, API + "/me/earnings", PROVIDER, NO_BODY, h -> h.me()::earnings),
          Route.viewer(GET, API + "/me/refusals", PROVIDER, NO_BODY, h -> h.me()::refusals),
          Route.viewer(GET, API + "/me/disputes", PARTIES, NO_BODY, h -> h.me()::disputes),
          Route.viewer(GET, API + "/me/functions", CONSUMER, NO_BODY, h -> h.me()::functions),
          Route.viewer(GET, API + "/me/spend", CONSUMER, NO_BODY, h -> h.me()::spend),
          Route.viewer(GET, API + "/me/invocations", CONSUMER, NO_BODY, h -> h.me()::invocations),
          Route.open(GET, "/metrics", NO_BODY, h -> h.system()::metrics),
          Route.open(GET, "/", NO_BODY, h -> h.system()::statusPage),
          Route.open(GET, "/assets/{file}", NO_BODY, h -> h.system()::asset));

  private Routes() {}
}
