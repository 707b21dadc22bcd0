package io.edgemarket.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} and {@code /metrics} are public and say what the agent is doing. */
class StatusEndpointsTest {
  @TempDir Path dataDir;

  @Test
  void healthNamesTheProvider() throws Exception {
    try (Market market = new Market()) {
      ProviderAgent agent = market.start(market.agent(dataDir));

      HttpResponse<String> response = market.get(agent, "/health");

      assertEquals(200, response.statusCode());
      JsonNode body = Json.tree(response.body());
      assertEquals("UP", body.get("status").asText());
      assertEquals(market.provider.id(), body.get("providerId").asText());
    }
  }

  @Test
  void metricsCountInvocationsByStatusAndFuel() throws Exception {
    try (Market market = new Market()) {
      ProviderAgent agent = market.start(market.agent(dataDir));
      String echo = market.deploy("echo");
      String trap = market.deploy("trap");
      market.invoke(agent, market.request(agent, echo, "x".getBytes(UTF_8), 100, 5_000));
      market.invoke(agent, market.request(agent, trap, new byte[0], 100, 5_000));

      HttpResponse<String> response = market.get(agent, "/metrics");

      assertEquals(200, response.statusCode());
      String text = response.body();
      assertTrue(text.contains("edgemarket_agent_invocations_total"), text);
      assertTrue(metricLine(text, "status=\"ok\"").endsWith(" 1.0"), text);
      assertTrue(metricLine(text, "status=\"function_error\"").endsWith(" 1.0"), text);
      assertTrue(text.contains("edgemarket_agent_invocations_active"), text);
      assertTrue(text.contains("edgemarket_agent_fuel_instructions_total"), text);
      assertTrue(text.contains("edgemarket_agent_invocation_duration_seconds_count"), text);
      // Warm capacity of the Wasm sandbox (this agent runs no containers).
      for (String gauge : new String[] {"ready", "target", "functions"}) {
        assertTrue(
            text.lines()
                .anyMatch(
                    l ->
                        l.startsWith("edgemarket_agent_warm_" + gauge + "{")
                            && l.contains("runtime=\"wasm\"")),
            text);
      }
      assertTrue(text.lines().noneMatch(l -> l.contains("runtime=\"oci\"")), text);
    }
  }

  @Test
  void unknownPathsAnswerWithTheErrorBody() throws Exception {
    try (Market market = new Market()) {
      ProviderAgent agent = market.start(market.agent(dataDir));

      HttpResponse<String> response = market.get(agent, "/nope");

      assertEquals(404, response.statusCode());
      assertEquals("NOT_FOUND", Json.tree(response.body()).get("error").get("code").asText());
    }
  }

  private static String metricLine(String text, String label) {
    return text.lines()
        .filter(l -> l.startsWith("edgemarket_agent_invocations_total{") && l.contains(label))
        .findFirst()
        .orElse("");
  }
}
