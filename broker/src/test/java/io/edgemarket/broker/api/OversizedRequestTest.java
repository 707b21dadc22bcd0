package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests too large to take (issue 13, hostile input): headers past Jetty's limit, and a body past
 * its route's limit on each class of body-taking route, announced by Content-Length or sent
 * chunked. Each gets a 4xx problem details answer and the broker keeps answering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OversizedRequestTest {
  private static final String API = Routes.API;

  /**
   * One route of each body limit, and that limit (blobs and invocations have tests of their own).
   */
  private static final Map<String, Long> BODY_LIMITS =
      Map.of(
          API + "/enroll",
          Routes.SMALL_BODY,
          API + "/providers/heartbeat",
          Routes.SMALL_BODY,
          API + "/ledger/submit",
          Routes.PROPOSAL_BODY,
          API + "/statements",
          Routes.INVOCATION_BODY,
          "/run/alice@EdgeMarketMSP/sensor",
          (long) Limits.MAX_PAYLOAD_BYTES);

  @TempDir static Path dir;
  private TestMarket market;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(50));
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void headersOf64KibAre431ProblemDetailsAndTheBrokerAnswersAfter() throws IOException {
    String request =
        "GET "
            + API
            + "/public/market HTTP/1.1\r\nHost: broker\r\nX-Padding: "
            + "a".repeat(64 * 1024)
            + "\r\n\r\n";
    RawHttp.Answer answer = RawHttp.exchange(market.broker().url(), request);
    assertEquals(431, answer.status(), answer.head());
    assertEquals(ApiError.MEDIA_TYPE, answer.header("content-type"));
    JsonNode problem = Json.tree(answer.body());
    assertEquals("BAD_REQUEST", problem.get("code").asText(), answer.body());
    assertEquals(431, problem.get("status").asInt());
    assertAlive();
  }

  @Test
  void aMalformedContentLengthIs400ProblemDetails() throws IOException {
    // What schemathesis sent first (scripts/fuzz-api.sh): Jetty answered with an HTML page.
    String request =
        "GET " + API + "/invocations/0 HTTP/1.1\r\nHost: broker\r\nContent-Length: :,b\r\n\r\n";
    RawHttp.Answer answer = RawHttp.exchange(market.broker().url(), request);
    assertEquals(400, answer.status(), answer.head());
    assertEquals(ApiError.MEDIA_TYPE, answer.header("content-type"));
    JsonNode problem = Json.tree(answer.body());
    assertEquals("urn:edgemarket:problem:BAD_REQUEST", problem.get("type").asText());
    assertEquals("Invalid Content-Length Value", problem.get("detail").asText());
    assertEquals("BAD_REQUEST", problem.get("error").get("code").asText());
    assertAlive();
  }

  @Test
  void aBodyAnnouncedAboveItsRoutesLimitIs413BeforeAnyByteIsRead() throws IOException {
    for (Map.Entry<String, Long> route : BODY_LIMITS.entrySet()) {
      long limit = route.getValue();
      String request =
          "POST "
              + route.getKey()
              + " HTTP/1.1\r\nHost: broker\r\nContent-Type: application/json\r\nContent-Length: "
              + (limit + 1)
              + "\r\n\r\n";
      RawHttp.Answer answer = RawHttp.exchange(market.broker().url(), request);
      assertEquals(413, answer.status(), route.getKey() + ": " + answer.head());
      assertTooLarge(route.getKey(), limit, answer.body());
    }
    assertAlive();
  }

  @Test
  void aChunkedBodyAboveItsRoutesLimitIs413() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (Map.Entry<String, Long> route : BODY_LIMITS.entrySet()) {
      long limit = route.getValue();
      byte[] body = new byte[(int) limit + 1];
      java.util.Arrays.fill(body, (byte) ' '); // JSON whitespace: valid padding if it were read
      // An input stream publisher has no length: the body goes chunked, with no Content-Length.
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(market.broker().url() + route.getKey()))
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
              .build();
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(413, answer.statusCode(), route.getKey() + ": " + answer.body());
      assertTooLarge(route.getKey(), limit, answer.body());
    }
    assertAlive();
  }

  private static void assertTooLarge(String route, long limit, String body) {
    JsonNode problem = Json.tree(body);
    assertEquals("BAD_REQUEST", problem.get("code").asText(), route + ": " + body);
    assertEquals("request body exceeds " + limit + " bytes", problem.get("detail").asText(), route);
  }

  private void assertAlive() {
    SignedClient.Response page = market.client(null).get(API + "/public/market");
    assertEquals(200, page.status(), page.text());
  }
}
