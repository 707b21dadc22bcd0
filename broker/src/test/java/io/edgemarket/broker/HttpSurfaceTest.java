package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.Samples;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Health, authentication, blobs, the ledger relay and the public routes, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpSurfaceTest {
  @TempDir static Path dir;
  private TestMarket market;
  private SignedClient open;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 2, Duration.ofMillis(50));
    open = market.client(null);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  @Order(1)
  void healthIsStartingUntilTheExpectedProvidersServe() throws Exception {
    SignedClient.Response starting = open.get("/api/v1/health");
    assertEquals(503, starting.status());
    assertEquals("STARTING", Json.tree(starting.text()).get("status").asText());

    FakeAgent one = market.provider("p1", 10, 1);
    market.awaitServing(one);
    assertEquals(503, open.get("/api/v1/health").status(), "one of two providers is not enough");

    FakeAgent two = market.provider("p2", 10, 1);
    SignedClient.Response up =
        Await.until("health UP", () -> open.get("/api/v1/health"), r -> r.status() == 200);
    JsonNode health = Json.tree(up.text());
    assertEquals("UP", health.get("status").asText());
    assertEquals(2, health.get("providers").asInt());
    assertEquals(2, health.get("offers").asInt());
    market.awaitServing(one, two);
  }

  @Test
  void unsignedRequestIs401() {
    SignedClient.Response response = open.get("/api/v1/offers");
    assertEquals(401, response.status());
    assertEquals("UNAUTHENTICATED", response.error().code());
  }

  @Test
  void certificateFromAnotherCaIs401() {
    Identity stranger = CertificateAuthority.create("EdgeMarketMSP").enroll("alice", Role.CONSUMER);
    assertEquals(401, market.client(stranger).get("/api/v1/offers").status());
  }

  @Test
  void wrongRoleIs403() {
    SignedClient.Response response =
        market.client(market.auditor).post("/api/v1/invocations", new byte[] {'{', '}'});
    assertEquals(403, response.status());
    assertEquals("FORBIDDEN", response.error().code());
  }

  @Test
  void anyParticipantReadsOffersAndTheMarket() {
    SignedClient auditor = market.client(market.auditor);
    assertEquals(200, auditor.get("/api/v1/offers").status());
    JsonNode summary = Json.tree(auditor.get("/api/v1/market").text());
    assertTrue(summary.has("invocations") && summary.has("pendingReceipts"), summary.toString());
  }

  @Test
  void blobRoundTrip() {
    byte[] module = Samples.wasm("upper.wasm");
    String digest = Crypto.sha256Hex(module);
    SignedClient.Response put =
        market.client(market.consumer).put("/api/v1/blobs/" + digest, module);
    assertEquals(201, put.status(), put.text());
    assertEquals(digest, Json.tree(put.text()).get("digest").asText());
    SignedClient.Response get = market.client(market.auditor).get("/api/v1/blobs/" + digest);
    assertEquals(200, get.status());
    assertArrayEquals(module, get.body());
    SignedClient.Response missing =
        market.client(market.auditor).get("/api/v1/blobs/" + "0".repeat(64));
    assertEquals(404, missing.status());
    assertTrue(missing.error().message().startsWith("no blob"), missing.text());
  }

  @Test
  void blobOverSixteenMebibytesIs413() {
    byte[] huge = new byte[Limits.MAX_MODULE_BYTES + 1];
    System.arraycopy(new byte[] {0, 'a', 's', 'm'}, 0, huge, 0, 4); // a module: 16 MiB is its cap
    SignedClient.Response put =
        market.client(market.consumer).put("/api/v1/blobs/" + Crypto.sha256Hex(huge), huge);
    assertEquals(413, put.status());
  }

  @Test
  void blobWithAnotherDigestIs400() {
    byte[] module = Samples.wasm("echo.wasm");
    // Uploads are signed over the digest they name (their body is streamed, not held).
    SignedClient.Response put =
        market
            .client(market.consumer)
            .send("PUT", "/api/v1/blobs/" + "ab".repeat(32), module, "ab".repeat(32));
    assertEquals(400, put.status());
    assertTrue(put.error().message().contains("digest mismatch"), put.text());
  }

  @Test
  void malformedWasmIs400() {
    byte[] garbage = "\0asm this is not a module".getBytes(StandardCharsets.UTF_8);
    SignedClient.Response put =
        market.client(market.consumer).put("/api/v1/blobs/" + Crypto.sha256Hex(garbage), garbage);
    assertEquals(400, put.status());
    assertTrue(put.error().message().contains("not a WebAssembly module"), put.text());
  }

  @Test
  void moduleImportingOutsideWasiIs400WithTheReason() {
    byte[] module = Samples.wasm("netimport.wasm");
    SignedClient.Response put =
        market.client(market.consumer).put("/api/v1/blobs/" + Crypto.sha256Hex(module), module);
    assertEquals(400, put.status());
    assertTrue(put.error().message().contains("wasi_snapshot_preview1"), put.text());
  }

  @Test
  void ledgerRelayExecutesSignedProposalsAndMapsErrors() throws Exception {
    RemoteLedgerGateway relayed =
        new RemoteLedgerGateway(URI.create(market.broker().url()), market.auditor);
    String balance = relayed.evaluate(Transactions.GET_BALANCE, market.auditor.id());
    assertEquals(0, Json.tree(balance).get("balance").asLong());
    LedgerException notFound =
        assertThrows(
            LedgerException.class,
            () -> relayed.evaluate(Transactions.GET_FUNCTION, "nobody/nothing"));
    assertEquals("NOT_FOUND", notFound.code());
    SignedClient.Response raw =
        open.post("/api/v1/ledger/evaluate", "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, raw.status());
  }

  @Test
  void publicRoutesAnswerWithoutSignature() {
    assertEquals(200, open.get("/api/v1/openapi.json").status());
    assertEquals(200, open.get("/api/v1/public/market").status());
    SignedClient.Response page = open.get("/");
    assertEquals(200, page.status());
    assertTrue(page.header("Content-Security-Policy").startsWith("default-src 'self';"));
    java.util.regex.Matcher script =
        java.util.regex.Pattern.compile("src=\"(/assets/app-[A-Za-z0-9]+\\.js)\"")
            .matcher(page.text());
    assertTrue(script.find(), "the page loads its bundle from this broker: " + page.text());
    SignedClient.Response bundle = open.get(script.group(1));
    assertEquals(200, bundle.status());
    assertEquals("text/javascript; charset=utf-8", bundle.header("Content-Type"));
    assertTrue(bundle.header("Cache-Control").contains("immutable"));
    assertTrue(bundle.text().contains("/api/v1/public/events"), "the page follows the live feed");
    assertEquals(404, open.get("/assets/..%2Fmanifest.json").status());
    assertEquals(404, open.get("/assets/..%2F..%2Fopenapi.json").status());
    SignedClient.Response metrics = open.get("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.text().contains("edgemarket_settlement_queue_depth"), metrics.text());
  }

  @Test
  void unknownRouteIsAnApiError404() {
    SignedClient.Response response = open.get("/api/v1/nothing-here");
    assertEquals(404, response.status());
    assertEquals("NOT_FOUND", response.error().code());
  }
}
