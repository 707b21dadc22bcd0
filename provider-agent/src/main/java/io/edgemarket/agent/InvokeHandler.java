package io.edgemarket.agent;

import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.json.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code POST /invoke}: a broker's dispatch of one invocation. 200 with a signed receipt for OK and
 * FUNCTION_ERROR (both are paid); an {@code ApiError} and no receipt otherwise.
 */
final class InvokeHandler implements Handler {
  private static final Logger LOG = LoggerFactory.getLogger(InvokeHandler.class);
  private static final String INVOCATION_ID = "invocationId";

  private final BrokerAuth auth;
  private final InvocationRunner invoker;

  InvokeHandler(BrokerAuth auth, InvocationRunner invoker) {
    this.auth = auth;
    this.invoker = invoker;
  }

  @Override
  public void handle(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    try {
      // Authenticate before parsing: an unsigned caller gets no further than a hash of its body.
      auth.requireBroker(ctx, body);
      InvokeRequest request = parse(body);
      if (request.ticket() != null) {
        // Every line logged while handling it carries the invocation (see cli's logback.xml).
        MDC.put(INVOCATION_ID, request.ticket().invocationId());
      }
      InvokeResponse response = invoker.invoke(request);
      AgentServer.json(ctx, 200, response);
    } catch (AgentException e) {
      if (e.isAgentFault()) {
        LOG.warn("invocation failed on this agent: {}", e.getMessage(), e.getCause());
      } else {
        LOG.debug("invocation refused: {} {}", e.status(), e.getMessage());
      }
      AgentServer.error(ctx, e);
    } finally {
      MDC.remove(INVOCATION_ID);
    }
  }

  private static InvokeRequest parse(byte[] body) throws AgentException {
    try {
      return Json.read(body, InvokeRequest.class);
    } catch (IllegalArgumentException e) {
      throw AgentException.badRequest(e.getMessage());
    }
  }
}
