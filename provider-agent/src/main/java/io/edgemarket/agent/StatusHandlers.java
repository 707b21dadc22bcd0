package io.edgemarket.agent;

import io.edgemarket.model.json.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** The agent's public, read-only status resources: {@code /health} and {@code /metrics}. */
final class StatusHandlers {
  private StatusHandlers() {}

  /**
   * {@code GET /health}: {@code {"status":"UP","providerId":...}} while the server answers. It
   * stays UP while draining: the heartbeat, not health, tells the broker to stop sending work.
   */
  static final class Health implements Handler {
    private final byte[] body;

    Health(String providerId) {
      this.body = Json.bytes(Map.of("status", "UP", "providerId", providerId));
    }

    @Override
    public void handle(Context ctx) {
      ctx.status(200).contentType("application/json").result(body);
    }
  }

  /** {@code GET /metrics}: Prometheus text exposition format 0.0.4. */
  static final class Metrics implements Handler {
    private final AgentMetrics metrics;

    Metrics(AgentMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void handle(Context ctx) {
      ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8");
      ctx.result(metrics.scrape());
    }
  }
}
