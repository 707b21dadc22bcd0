package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.agent.Faults;
import io.edgemarket.agent.Inbound;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, hedging, end to end: a real broker, two real agents on their links, the CLI. The
 * cheapest agent is asked first and holds its answers for seconds; {@code invoke --hedge-after}
 * gets the other's answer instead, the slow one is told to stop (it answers CANCELLED and keeps no
 * receipt: no fault of its own), and the consumer is charged exactly the winner's receipt.
 */
class HedgingIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final Duration HOLD = Duration.ofSeconds(3);

  @TempDir Path dir;

  @Test
  void invokeHedgeAfterTakesTheFastAnswerAndChargesOnlyIt() throws Exception {
    Path data = dir.resolve("market");
    int port = MarketProcess.freePort();
    String url = "http://127.0.0.1:" + port;
    try (LocalMarket market = LocalMarket.start(data, port, 0, QUIET)) {
      ProviderAgent slow =
          market.startExtraAgent(
              "slow",
              b -> b.inbound(Inbound.NONE).pricePerInvocation(1).faults(Faults.holdAnswers(HOLD)),
              QUIET);
      ProviderAgent fast = market.startExtraAgent("fast", b -> b.inbound(Inbound.NONE), QUIET);
      Await.until("both linked", () -> slow.linked() && fast.linked());
      Await.until(
          "both serving", () -> publicMarket(url).get("summary").get("providers").asInt() >= 2);
      Cli deploy =
          Cli.against(
              url,
              data,
              "function",
              "deploy",
              "--name",
              "upper",
              "--wasm",
              "../samples/wasm/upper.wasm");
      assertEquals(0, deploy.exitCode(), deploy::toString);
      long before = balance(url, data);
      long slowBefore = slow.earnings();

      Cli hedged =
          Cli.against(
              url, data, "invoke", "upper", "--input", "hedged", "--hedge-after", "100", "--json");

      assertEquals(0, hedged.exitCode(), hedged::toString);
      JsonNode answer = Json.tree(hedged.out());
      assertEquals("HEDGED", answer.get("output").asText());
      assertEquals(fast.identity().id(), answer.get("provider").asText(), "the hedge won");
      long cost = answer.get("cost").asLong();
      Await.until("charged", () -> balance(url, data), b -> b != before);
      // The slow agent's answer (CANCELLED, or late) has come and been thrown away, and nothing
      // waits for settlement.
      Await.until(
          "the loser's answer thrown away",
          () -> get(url + "/metrics"),
          m -> m.contains("edgemarket_hedges_total{outcome=\"loser_discarded\"} 1.0"));
      Await.until(
          "nothing left to settle",
          () -> publicMarket(url).get("summary").get("pendingReceipts").asInt() == 0);
      assertEquals(before - cost, balance(url, data), "charged once, the winner's receipt");
      assertEquals(slowBefore, slow.earnings(), "the loser is not paid");
      String metrics = get(url + "/metrics");
      assertTrue(metrics.contains("edgemarket_hedges_total{outcome=\"fired\"} 1.0"), metrics);
      assertTrue(metrics.contains("edgemarket_hedges_total{outcome=\"second_won\"} 1.0"), metrics);
      for (JsonNode provider : publicMarket(url).get("providers")) {
        if (provider.get("providerId").asText().equals(slow.identity().id())) {
          assertEquals(0, provider.get("faults").asInt(), "being stopped is no fault");
        }
      }
    }
  }

  private static long balance(String url, Path data) {
    Cli balance = Cli.against(url, data, "balance");
    assertEquals(0, balance.exitCode(), balance::toString);
    String[] words = balance.out().strip().split("\\s+");
    return Long.parseLong(words[words.length - 1]);
  }

  private static JsonNode publicMarket(String url) throws Exception {
    return Json.tree(get(url + "/api/v1/public/market"));
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
