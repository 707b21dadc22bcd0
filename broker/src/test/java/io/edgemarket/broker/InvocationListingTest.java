package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/invocations} on a real broker: a consumer sees exactly its own invocations,
 * newest first, filtered by function and time; an auditor sees everyone's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvocationListingTest {
  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private Identity bob;
  private final List<InvocationRequest> alices = new ArrayList<>();
  private InvocationRequest bobs;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    agent = market.provider("p1", 40, 10);
    bob = market.ca.enroll("bob", Role.CONSUMER);
    market.register(bob);
    market.fund(bob, TestMarket.FUNDS);
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    FunctionSpec upper = market.deploy(market.consumer, "upper", 1_000);
    FunctionSpec bobsEcho = market.deploy(bob, "echo", 1_000);
    market.awaitServing(agent);
    for (FunctionSpec function : List.of(echo, upper, echo)) {
      alices.add(invoke(market.consumer, market.request(function, bytes("x"), 100)));
    }
    bobs = invoke(bob, market.request(bob, bobsEcho, bytes("y"), 100));
    market.awaitSettlementIdle();
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void aConsumerSeesExactlyItsOwnNewestFirst() {
    assertEquals(
        listing(alices.get(2), alices.get(1), alices.get(0)),
        list(market.consumer, "/api/v1/invocations"));
    assertEquals(listing(bobs), list(bob, "/api/v1/invocations"));
  }

  @Test
  void filteredByFunctionAndByTicketTime() {
    String echo = alices.get(0).ticket().functionId();
    assertEquals(
        listing(alices.get(2), alices.get(0)),
        list(market.consumer, "/api/v1/invocations?function=" + echo));
    long since = alices.get(1).ticket().issuedAt();
    assertEquals(
        listing(alices.get(2), alices.get(1)),
        list(market.consumer, "/api/v1/invocations?since=" + since));
    assertEquals(
        listing(alices.get(2)),
        list(market.consumer, "/api/v1/invocations?function=" + echo + "&since=" + since));
    // Bob's function of the same name is not Alice's, and Alice's is not listed to Bob.
    assertEquals(listing(), list(bob, "/api/v1/invocations?function=" + echo));
  }

  @Test
  void anAuditorSeesEveryone() {
    assertEquals(
        listing(bobs, alices.get(2), alices.get(1), alices.get(0)),
        list(market.auditor, "/api/v1/invocations"));
  }

  @Test
  void aSinceThatIsNoNumberIsABadRequest() {
    SignedClient.Response response =
        market.client(market.consumer).get("/api/v1/invocations?since=yesterday");
    assertEquals(400, response.status(), response.text());
    assertEquals("BAD_REQUEST", response.error().code());
  }

  private InvocationRequest invoke(Identity who, InvocationRequest request) throws Exception {
    SignedClient.Response response = market.client(who).post("/api/v1/invocations", request);
    assertEquals(200, response.status(), response.text());
    // Distinct issue times, so that the order is the test's: the next ticket is issued later.
    long issued = request.ticket().issuedAt();
    Await.until("the clock past " + issued, () -> System.currentTimeMillis() > issued);
    return request;
  }

  private JsonNode list(Identity who, String path) {
    SignedClient.Response response = market.client(who).get(path);
    assertEquals(200, response.status(), response.text());
    return Json.tree(response.text());
  }

  /** The exact answer expected for these invocations, each settled at the agent's cost. */
  private JsonNode listing(InvocationRequest... requests) {
    StringBuilder json = new StringBuilder("{\"invocations\":[");
    for (int i = 0; i < requests.length; i++) {
      var ticket = requests[i].ticket();
      String batchId =
          market
              .client(ticket.consumerId().startsWith("bob") ? bob : market.consumer)
              .get("/api/v1/invocations/" + ticket.invocationId())
              .as(InvocationResult.class)
              .batchId();
      json.append(i == 0 ? "" : ",")
          .append("{\"invocationId\":\"")
          .append(ticket.invocationId())
          .append("\",\"consumerId\":\"")
          .append(ticket.consumerId())
          .append("\",\"functionId\":\"")
          .append(ticket.functionId())
          .append("\",\"issuedAt\":")
          .append(ticket.issuedAt())
          .append(",\"status\":\"OK\",\"cost\":")
          .append(agent.cost())
          .append(",\"providerId\":\"")
          .append(agent.identity().id())
          .append("\",\"settlement\":\"SETTLED\",\"batchId\":\"")
          .append(batchId)
          .append("\"}");
    }
    return Json.tree(json.append("],\"truncated\":false}").toString());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
