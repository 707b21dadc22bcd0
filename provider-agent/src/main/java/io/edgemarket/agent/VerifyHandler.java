package io.edgemarket.agent;

import io.edgemarket.agent.VerifierMessages.VerifyRequest;
import io.edgemarket.model.json.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /verify}: a broker asks for one sampled invocation to be re-executed. Only brokers of
 * the market may ask (the signed headers also stop replays); 200 with the verdict, 400 for a
 * request that cannot be re-executed, 503 when the verifier is busy or its run was inconclusive.
 */
final class VerifyHandler implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(VerifyHandler.class);

  private final BrokerAuth auth;
  private final Reexecution reexecution;
  private final Slots slots;

  VerifyHandler(BrokerAuth auth, Reexecution reexecution, Slots slots) {
    this.auth = auth;
    this.reexecution = reexecution;
    this.slots = slots;
  }

  @Override
  public void handle(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    try {
      auth.requireBroker(ctx, body);
      VerifyRequest request;
      try {
        request = Json.read(body, VerifyRequest.class);
      } catch (IllegalArgumentException e) {
        throw AgentException.badRequest(e.getMessage());
      }
      if (!slots.tryAcquire()) {
        throw AgentException.unavailable("all " + slots.max() + " verification slots are busy");
      }
      try {
        AgentServer.json(ctx, 200, reexecution.verify(request));
      } finally {
        slots.release();
      }
    } catch (AgentException e) {
      LOG.debug("verification refused: {} {}", e.status(), e.getMessage());
      AgentServer.error(ctx, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      AgentServer.error(ctx, AgentException.internal("interrupted", e));
    }
  }
}
