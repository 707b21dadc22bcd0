package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed requests sent by someone else (issue 13): a captured request sent again word for word, and
 * a request presenting the consumer's real certificate but signed with another key. Both are 401
 * UNAUTHENTICATED problem details, saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayedRequestTest {
  private static final String OFFERS = Routes.API + "/offers";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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
  void aSignedRequestSentAgainWithItsNonceIs401() throws Exception {
    Map<String, String> headers =
        SignedHeaders.sign(market.consumer, "GET", OFFERS, null, System.currentTimeMillis());
    assertEquals(200, get(headers).statusCode());
    HttpResponse<String> replay = get(headers);
    assertUnauthenticated(replay, "replayed request (nonce already used)");
  }

  @Test
  void theConsumersCertificateSignedWithAnotherKeyIs401() throws Exception {
    Identity impostor = CertificateAuthority.create("EdgeMarketMSP").enroll("alice", Role.CONSUMER);
    Map<String, String> headers =
        new HashMap<>(
            SignedHeaders.sign(impostor, "GET", OFFERS, null, System.currentTimeMillis()));
    headers.put(
        SignedHeaders.CERT,
        SignedHeaders.sign(market.consumer, "GET", OFFERS, null, 0).get(SignedHeaders.CERT));
    assertUnauthenticated(get(headers), "request signature does not verify");
  }

  @Test
  void aCertificateFromAnotherCaIs401() throws Exception {
    Identity stranger = CertificateAuthority.create("EdgeMarketMSP").enroll("alice", Role.CONSUMER);
    Map<String, String> headers =
        SignedHeaders.sign(stranger, "GET", OFFERS, null, System.currentTimeMillis());
    assertUnauthenticated(get(headers), "certificate not issued by this market's CA");
  }

  private HttpResponse<String> get(Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(market.broker().url() + OFFERS));
    headers.forEach(request::header);
    return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertUnauthenticated(HttpResponse<String> answer, String detail) {
    assertEquals(401, answer.statusCode(), answer.body());
    assertEquals(ApiError.MEDIA_TYPE, answer.headers().firstValue("Content-Type").orElse(null));
    JsonNode problem = Json.tree(answer.body());
    assertEquals("urn:edgemarket:problem:UNAUTHENTICATED", problem.get("type").asText());
    assertEquals("UNAUTHENTICATED", problem.get("code").asText());
    assertEquals(401, problem.get("status").asInt());
    assertEquals(detail, problem.get("detail").asText());
  }
}
