package io.edgemarket.agent;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.http.AuthenticationException;
import io.edgemarket.model.http.RequestVerifier;
import io.javalin.http.Context;

/**
 * Only a broker of this market may dispatch work: it is the party that checked the consumer's
 * ticket signature and escrow, which this agent cannot do (it has no consumer certificates). The
 * signed headers also stop replays, so one ticket is not run, and charged, twice through us.
 */
final class BrokerAuth {
  private final RequestVerifier verifier;

  BrokerAuth(TrustRoots trust) {
    this.verifier = new RequestVerifier(trust);
  }

  /** The calling broker; 401 when the request is not validly signed, 403 when not a broker. */
  AuthenticatedCaller requireBroker(Context ctx, byte[] body) throws AgentException {
    String query = ctx.queryString();
    String pathAndQuery = query == null || query.isEmpty() ? ctx.path() : ctx.path() + "?" + query;
    AuthenticatedCaller caller;
    try {
      caller = verifier.verify(ctx.method().name(), pathAndQuery, body, ctx::header);
    } catch (AuthenticationException e) {
      throw AgentException.unauthenticated(e.getMessage());
    }
    if (caller.role() != Role.BROKER) {
      throw AgentException.forbidden(
          caller.id() + " is a " + caller.role().attributeValue() + "; only brokers may invoke");
    }
    return caller;
  }
}
