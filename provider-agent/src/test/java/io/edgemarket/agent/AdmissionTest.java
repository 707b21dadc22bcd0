package io.edgemarket.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.api.InvokeResponse;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.testing.Await;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrency limit and graceful drain: refused work gets 503, admitted work gets finished. */
class AdmissionTest {
  /** Long enough to be observed running; the loop then ends as a paid function error. */
  private static final long LOOP_MILLIS = 3_000;

  @TempDir Path dataDir;
  private Market market;
  private String loop;
  private String echo;

  @BeforeEach
  void setUp() {
    market = new Market();
    loop = market.deploy("loop");
    echo = market.deploy("echo");
  }

  @AfterEach
  void tearDown() {
    market.close();
  }

  @Test
  void aFullAgentAnswersUnavailableAndFreesTheSlotAfterwards() throws Exception {
    ProviderAgent agent = market.start(market.agent(dataDir).maxConcurrency(1));
    CompletableFuture<HttpResponse<String>> busy = invokeInBackground(agent, loop);
    Await.until("the loop runs", () -> agent.activeInvocations() == 1);

    HttpResponse<String> refused = market.invoke(agent, echoRequest(agent));

    assertEquals(503, refused.statusCode(), refused.body());
    assertEquals(ErrorCodes.UNAVAILABLE, Json.read(refused.body(), ApiError.class).error().code());
    assertFunctionError(busy.get(30, TimeUnit.SECONDS));
    assertEquals(200, market.invoke(agent, echoRequest(agent)).statusCode(), "slot released");
  }

  @Test
  void closeRefusesNewWorkButFinishesRunningInvocations() throws Exception {
    ProviderAgent agent = market.start(market.agent(dataDir).maxConcurrency(2));
    CompletableFuture<HttpResponse<String>> running = invokeInBackground(agent, loop);
    Await.until("the loop runs", () -> agent.activeInvocations() == 1);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(agent::close);
    // A free slot exists, so a 503 can only mean the agent is draining.
    HttpResponse<String> refused;
    do {
      refused = market.invoke(agent, echoRequest(agent));
    } while (refused.statusCode() == 200);

    assertEquals(503, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("shutting down"), refused.body());
    assertFunctionError(running.get(30, TimeUnit.SECONDS));
    closing.get(30, TimeUnit.SECONDS);
  }

  private CompletableFuture<HttpResponse<String>> invokeInBackground(
      ProviderAgent agent, String digest) {
    InvokeRequest request = market.request(agent, digest, new byte[0], 1_000_000, LOOP_MILLIS);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return market.invoke(agent, request);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private InvokeRequest echoRequest(ProviderAgent agent) {
    return market.request(agent, echo, "hi".getBytes(UTF_8), 100, 5_000);
  }

  private static void assertFunctionError(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    InvokeResponse answer = Json.read(response.body(), InvokeResponse.class);
    assertEquals(Receipt.FUNCTION_ERROR, answer.status());
    assertEquals(Receipt.FUNCTION_ERROR, answer.receipt().status());
  }
}
