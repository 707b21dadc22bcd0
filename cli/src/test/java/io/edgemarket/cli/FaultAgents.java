package io.edgemarket.cli;

import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The provider agents of {@link FaultsIT}, each a {@code provider start} process with its status
 * routes on a known port, so that a test can tell which one is running a call (its {@code
 * edgemarket_agent_invocations_active} gauge) and start it again on its directory after a fault.
 */
final class FaultAgents {
  /** One agent as last started. */
  record Agent(
      String name,
      long price,
      int port,
      List<String> wrapper,
      MarketProcess process,
      String providerId) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String ACTIVE = "edgemarket_agent_invocations_active";

  private final CrashMarket market;
  private final List<Agent> agents = new ArrayList<>();

  FaultAgents(CrashMarket market) {
    this.market = market;
  }

  /** Starts an agent and waits until it has published its offer and reported once. */
  Agent start(String name, long price, List<String> wrapper) throws Exception {
    return start(name, price, MarketProcess.freePort(), wrapper);
  }

  private Agent start(String name, long price, int port, List<String> wrapper) throws Exception {
    MarketProcess process = market.startAgent(name, price, port, wrapper);
    process.awaitLine("offers up to", Duration.ofSeconds(120));
    String health = body(port, "/health").orElseThrow();
    Agent agent =
        new Agent(
            name, price, port, wrapper, process, Json.tree(health).path("providerId").asText());
    agents.add(agent);
    Thread.sleep(3_000); // a heartbeat: the broker now counts its offer as serving
    return agent;
  }

  /**
   * Starts an agent that may not come up (a clock far off may keep it from joining); empty, with
   * its log's tail printed, when it has not published its offer within {@code bound}.
   */
  Optional<Agent> tryStart(String name, long price, List<String> wrapper, Duration bound)
      throws Exception {
    int port = MarketProcess.freePort();
    MarketProcess process = market.startAgent(name, price, port, wrapper);
    Await.until(
        name + " up or refused",
        bound,
        () ->
            !process.alive()
                || !process.linesWith("offers up to").isEmpty()
                || !process.linesWith("could not start").isEmpty());
    if (process.linesWith("offers up to").isEmpty()) {
      System.out.println("faults: " + name + " did not come up: " + process.tail());
      process.stop();
      return Optional.empty();
    }
    String health = body(port, "/health").orElseThrow();
    Agent agent =
        new Agent(
            name, price, port, wrapper, process, Json.tree(health).path("providerId").asText());
    agents.add(agent);
    Thread.sleep(3_000);
    return Optional.of(agent);
  }

  /** Stops the agent if it still runs (SIGTERM: it drains) and starts it again. */
  Agent restart(Agent agent) throws Exception {
    agents.remove(agent);
    if (agent.process().alive()) {
      agent.process().stop();
    }
    return start(agent.name(), agent.price(), agent.port(), agent.wrapper());
  }

  /** Stops it for good. */
  void stop(Agent agent) {
    agents.remove(agent);
    agent.process().stop();
  }

  /** The agent now running an invocation. */
  Agent awaitServing(Duration bound) {
    Agent[] found = new Agent[1];
    Await.until(
        "an agent running the call",
        bound,
        () -> {
          for (Agent agent : agents) {
            if (active(agent) > 0) {
              found[0] = agent;
              return true;
            }
          }
          return false;
        });
    return found[0];
  }

  private static double active(Agent agent) {
    return body(agent.port(), "/metrics").stream()
        .flatMap(String::lines)
        .filter(l -> l.startsWith(ACTIVE + " ") || l.startsWith(ACTIVE + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static Optional<String> body(int port, String path) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(2))
              .build();
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
