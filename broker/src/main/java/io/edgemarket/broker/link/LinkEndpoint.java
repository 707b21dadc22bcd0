package io.edgemarket.broker.link;

import io.edgemarket.broker.market.OfferBook;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.http.AuthenticationException;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.model.link.LinkHandshake;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket events of {@code /api/v1/agents/link}: the handshake (hello, challenge, proof,
 * welcome), then the agent's frames (results, errors, heartbeats). A connection that breaks the
 * protocol, or does not prove a provider identity within {@value #HANDSHAKE_SECONDS} s, is closed
 * with 1008 and a reason; nothing but the handshake is read before that, and no frame larger than
 * {@value #HANDSHAKE_MAX_BYTES} bytes.
 */
final class LinkEndpoint {
  static final int POLICY_VIOLATION = 1008;
  static final int HANDSHAKE_SECONDS = 10;
  static final long HANDSHAKE_MAX_BYTES = 16 * 1024;
  // A largest input or output, base64 (4/3), plus the ticket, receipt and framing.
  static final long MAX_FRAME_BYTES = Limits.MAX_PAYLOAD_BYTES * 2L + 256 * 1024;
  // Agents report every few seconds; a link silent for this long is dead.
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(LinkEndpoint.class);

  private final Identity broker;
  private final TrustRoots trust;
  private final OfferBook book;
  private final AgentLinks links;
  private final ScheduledExecutorService timer;
  private final Map<String, LinkSession> sessions = new ConcurrentHashMap<>();

  LinkEndpoint(
      Identity broker,
      TrustRoots trust,
      OfferBook book,
      AgentLinks links,
      ScheduledExecutorService timer) {
    this.broker = broker;
    this.trust = trust;
    this.book = book;
    this.links = links;
    this.timer = timer;
  }

  void configure(WsConfig ws) {
    ws.onConnect(this::connected);
    ws.onMessage(this::message);
    ws.onClose(ctx -> closed(ctx, ctx.status() + " " + ctx.reason()));
    ws.onError(ctx -> closed(ctx, String.valueOf(ctx.error())));
  }

  private void connected(WsContext ctx) {
    ctx.session.setMaxTextMessageSize(HANDSHAKE_MAX_BYTES);
    ctx.session.setIdleTimeout(IDLE_TIMEOUT);
    LinkSession session = new LinkSession(ctx.session);
    sessions.put(ctx.sessionId(), session);
    timer.schedule(
        () -> {
          if (session.state() != LinkSession.State.LINKED
              && session.state() != LinkSession.State.CLOSED) {
            refuse(session, "no handshake within " + HANDSHAKE_SECONDS + " s");
          }
        },
        HANDSHAKE_SECONDS,
        TimeUnit.SECONDS);
  }

  private void message(WsMessageContext ctx) {
    LinkSession session = sessions.get(ctx.sessionId());
    if (session == null) {
      return;
    }
    LinkFrame frame;
    try {
      frame = Json.read(ctx.message(), LinkFrame.class);
    } catch (IllegalArgumentException e) {
      refuse(session, "malformed frame");
      return;
    }
    switch (session.state()) {
      case AWAITING_HELLO -> hello(session, frame);
      case AWAITING_PROOF -> proof(session, frame);
      case LINKED -> linked(session, frame);
      case CLOSED -> {}
    }
  }

  private void hello(LinkSession session, LinkFrame frame) {
    if (!LinkFrame.HELLO.equals(frame.type())
        || frame.shake().version() == null
        || frame.shake().version() != LinkHandshake.VERSION
        || !LinkHandshake.isNonce(frame.shake().nonce())) {
      refuse(session, "expected hello, version " + LinkHandshake.VERSION + ", with a nonce");
      return;
    }
    session.challenged(frame.shake().nonce());
    String signature =
        LinkHandshake.signChallenge(broker, frame.shake().nonce(), session.brokerNonce());
    session.send(
        LinkFrame.challenge(session.brokerNonce(), broker.certificatePem(), signature),
        error -> {});
  }

  private void proof(LinkSession session, LinkFrame frame) {
    if (!LinkFrame.PROOF.equals(frame.type())) {
      refuse(session, "expected proof");
      return;
    }
    AuthenticatedCaller provider;
    try {
      provider =
          LinkHandshake.verifyProof(
              frame, session.brokerNonce(), session.agentNonce(), broker.id(), trust);
    } catch (AuthenticationException e) {
      refuse(session, e.getMessage());
      return;
    }
    session.linked(provider.id(), provider.certificate().getPublicKey());
    session.maxMessageBytes(MAX_FRAME_BYTES);
    links.attach(provider.id(), session);
    session.send(LinkFrame.welcome(provider.id()), error -> {});
    LOG.info("provider {} linked from {}", provider.id(), session.remote());
    links.welcomed(provider.id(), session);
  }

  private void linked(LinkSession session, LinkFrame frame) {
    switch (frame.type() == null ? "" : frame.type()) {
      case LinkFrame.RESULT, LinkFrame.ERROR, LinkFrame.RECEIPTS, LinkFrame.PONG ->
          session.answered(frame);
      case LinkFrame.HEARTBEAT -> heartbeat(session, frame.heartbeat());
      case LinkFrame.STATEMENT -> links.statement(session, frame.statement());
      default -> refuse(session, "unexpected frame " + frame.type());
    }
  }

  /** As {@code POST /providers/heartbeat}: a provider reports only on its own offers. */
  private void heartbeat(LinkSession session, Heartbeat beat) {
    if (beat == null || beat.offerId() == null || !session.providerId().equals(beat.providerId())) {
      refuse(session, "a provider may only report on its own offers");
      return;
    }
    String owner = book.ownerOf(beat.offerId());
    if (owner != null && !owner.equals(session.providerId())) {
      refuse(session, "offer " + beat.offerId() + " is not yours");
      return;
    }
    if (session.offers().size() < 16 || session.offers().contains(beat.offerId())) {
      session.offers().add(beat.offerId());
      book.heartbeat(beat);
    }
  }

  private void refuse(LinkSession session, String reason) {
    LOG.warn("agent link from {} refused: {}", session.remote(), reason);
    session.close(POLICY_VIOLATION, reason);
  }

  private void closed(WsContext ctx, String reason) {
    LinkSession session = sessions.remove(ctx.sessionId());
    if (session == null) {
      return;
    }
    session.closed(reason);
    String provider = session.providerId();
    if (provider != null && links.detach(provider, session)) {
      // The agent stops taking work at once: not at the end of its last heartbeat's life.
      session.offers().forEach(book::unlinked);
      LOG.info("provider {} link closed ({})", provider, reason);
    }
  }

  /** Closes every link (the broker is stopping). */
  void closeAll() {
    sessions.values().forEach(session -> session.close(1001, "broker stopping"));
  }
}
