package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/public/events} on a real broker with a fake agent. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketEventsTest {
  private static final String EVENTS = "/api/v1/public/events";

  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private FunctionSpec echo;

  @BeforeAll
  void start() throws Exception {
    market = new TestMarket(dir.resolve("market"), 1, Duration.ofMillis(50));
    agent = market.provider("p1", 10, 1);
    market.awaitServing(agent);
    echo = market.deploy(market.consumer, "echo", 5_000);
  }

  @AfterAll
  void stop() {
    market.close();
  }

  private String url() {
    return market.broker().url() + EVENTS;
  }

  private void invoke(int times) {
    SignedClient alice = market.client(market.consumer);
    for (int i = 0; i < times; i++) {
      byte[] input = ("call " + i).getBytes(StandardCharsets.UTF_8);
      SignedClient.Response answer =
          alice.post("/api/v1/invocations", market.request(echo, input, 100));
      assertEquals(200, answer.status(), answer.text());
    }
  }

  @Test
  @Order(1)
  void theFirstEventIsASnapshotOfExactlyThisShape() throws Exception {
    invoke(3);
    market.awaitSettlementIdle();
    try (EventStream stream = EventStream.open(url())) {
      assertEquals(200, stream.status());
      assertTrue(stream.header("Content-Type").startsWith("text/event-stream"));
      assertEquals("no-cache", stream.header("Cache-Control"));
      EventStream.Event first = stream.next();
      assertEquals("snapshot", first.name());
      JsonNode s = Json.tree(first.data());
      assertEquals(
          Set.of("at", "ledger", "providers", "offers", "invocations", "settlement", "prices"),
          fields(s));
      assertTrue(Math.abs(System.currentTimeMillis() - s.get("at").asLong()) < 5_000);
      assertEquals("embedded", s.get("ledger").asText());
      assertEquals(1, s.get("offers").asInt());

      assertEquals(1, s.get("providers").size());
      JsonNode p = s.get("providers").get(0);
      assertEquals(
          Set.of(
              "providerId",
              "regions",
              "offers",
              "activeInvocations",
              "capacity",
              "health",
              "reputation",
              "stake",
              "latencyMillis",
              "successes",
              "faults"),
          fields(p));
      assertEquals(agent.identity().id(), p.get("providerId").asText());
      assertEquals("[\"local\"]", p.get("regions").toString());
      assertEquals(1, p.get("offers").asInt());
      assertEquals(8, p.get("capacity").asInt());
      assertEquals("ok", p.get("health").asText());
      assertEquals(0, p.get("stake").asLong());
      assertEquals(3, p.get("successes").asLong());

      JsonNode inv = s.get("invocations");
      assertEquals(
          Set.of(
              "total",
              "ok",
              "functionErrors",
              "failed",
              "windowSeconds",
              "ratePerSecond",
              "p50Millis",
              "p99Millis"),
          fields(inv));
      assertEquals(3, inv.get("total").asLong());
      assertEquals(3, inv.get("ok").asLong());
      assertEquals(5, inv.get("windowSeconds").asInt());

      JsonNode st = s.get("settlement");
      assertEquals(
          Set.of(
              "lagMillis",
              "pendingReceipts",
              "batches",
              "settledReceipts",
              "rejectedReceipts",
              "settledAmount",
              "recentBatches"),
          fields(st));
      assertEquals(0, st.get("lagMillis").asLong(), "nothing waits");
      assertEquals(0, st.get("pendingReceipts").asInt());
      assertEquals(3, st.get("settledReceipts").asLong());
      assertTrue(st.get("batches").asLong() >= 1, st.toString());
      JsonNode batch = st.get("recentBatches").get(0);
      assertEquals(
          Set.of("batchId", "merkleRoot", "settled", "rejected", "totalAmount", "at", "lagMillis"),
          fields(batch));
      assertTrue(batch.get("lagMillis").asLong() >= 0, batch.toString());

      assertEquals(1, s.get("prices").size());
      JsonNode level = s.get("prices").get(0);
      assertEquals(
          Set.of(
              "pricePerInvocation", "pricePerMegaFuel", "offers", "capacity", "activeInvocations"),
          fields(level));
      assertEquals(10, level.get("pricePerInvocation").asLong());
      assertEquals(1, level.get("pricePerMegaFuel").asLong());
      assertEquals(8, level.get("capacity").asInt());
    }
  }

  @Test
  @Order(2)
  void snapshotsFollowAboutEverySecondAndShowWhatRuns() throws Exception {
    try (EventStream stream = EventStream.open(url())) {
      JsonNode first = Json.tree(stream.next().data());
      long before = first.get("invocations").get("total").asLong();
      invoke(4);
      long started = System.nanoTime();
      JsonNode later = first;
      List<Long> times = new ArrayList<>();
      while (later.get("invocations").get("total").asLong() < before + 4) {
        later = Json.tree(stream.next().data());
        times.add(later.get("at").asLong());
      }
      assertTrue(System.nanoTime() - started < 3_000_000_000L, "a change comes within a second");
      JsonNode inv = later.get("invocations");
      assertTrue(inv.get("ratePerSecond").asDouble() >= 0, inv.toString());
      // Served in the last few seconds: the latency percentiles are figures.
      assertTrue(inv.get("p50Millis").isNumber(), inv.toString());
      assertTrue(inv.get("p99Millis").asDouble() >= inv.get("p50Millis").asDouble());
      // And the rate counts them once their second is over.
      JsonNode counted = later;
      while (counted.get("invocations").get("ratePerSecond").asDouble() == 0) {
        counted = Json.tree(stream.next().data());
      }
      assertTrue(counted.get("at").asLong() > first.get("at").asLong());
    }
  }

  @Test
  @Order(3)
  void pastTheLimitAStreamIsRefusedWith503UntilOneCloses() throws Exception {
    List<EventStream> open = new ArrayList<>();
    try {
      for (int i = 0; i < MarketEvents.MAX_SUBSCRIBERS; i++) {
        // A stream an earlier test closed counts until the broker's next write to it fails.
        EventStream stream = Await.until("stream " + i, () -> openOrNull(), s -> s != null);
        open.add(stream);
        assertNotNull(stream.next());
      }
      try (EventStream refused = EventStream.open(url())) {
        assertEquals(503, refused.status());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        JsonNode problem = Json.tree(refused.rest());
        assertEquals("UNAVAILABLE", problem.get("code").asText());
      }
      open.remove(0).close();
      // The broker notices at its next write to the closed stream.
      open.add(Await.until("a free slot", () -> openOrNull(), s -> s != null));
    } finally {
      for (EventStream stream : open) {
        stream.close();
      }
    }
  }

  @Test
  @Order(4)
  void stoppingTheBrokerEndsTheStreams() throws Exception {
    try (TestMarket other = new TestMarket(dir.resolve("other"), 0, Duration.ofMillis(50));
        EventStream stream = EventStream.open(other.broker().url() + EVENTS)) {
      assertNotNull(stream.next());
      long started = System.nanoTime();
      other.broker().close();
      assertTrue(
          System.nanoTime() - started < 5_000_000_000L, "the broker did not wait for the stream");
      EventStream.Event after = stream.next();
      while (after != null) {
        after = stream.next(); // a snapshot already on the wire
      }
      assertNull(after);
    }
  }

  /** A stream the broker accepted, or null when it answered otherwise. */
  private EventStream openOrNull() throws Exception {
    EventStream stream = EventStream.open(url());
    if (stream.status() == 200) {
      return stream;
    }
    stream.close();
    return null;
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
