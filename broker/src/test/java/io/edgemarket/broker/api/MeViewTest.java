package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Each participant's own view ({@code /api/v1/me/*}) on a real broker, with browser cookies: a
 * consumer sees its own functions, spend and invocations (receipts and all) and nobody else's; a
 * provider its earnings, refusals with reasons; and the route table keeps each role to its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeViewTest {
  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private Identity bob;
  private FunctionSpec echo;
  private FunctionSpec upper;
  private final List<InvocationRequest> alices = new ArrayList<>();
  private final List<InvocationRequest> bobs = new ArrayList<>();
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    agent = market.provider("p1", 40, 10);
    bob = market.ca.enroll("bob", Role.CONSUMER);
    market.register(bob);
    market.fund(bob, TestMarket.FUNDS);
    echo = market.deploy(market.consumer, "echo", 1_000);
    upper = market.deploy(market.consumer, "upper", 1_000);
    FunctionSpec bobsEcho = market.deploy(bob, "echo", 1_000);
    market.awaitServing(agent);
    for (FunctionSpec function : List.of(echo, upper, echo)) {
      alices.add(invoke(market.consumer, market.request(function, bytes("x"), 100), 200));
    }
    bobs.add(invoke(bob, market.request(bob, bobsEcho, bytes("y"), 100), 200));
    market.awaitSettlementIdle();
    // Then the agent fails one of Bob's calls and refuses another: its refusals, with reasons.
    agent.mode(FakeAgent.Mode.FAIL);
    bobs.add(invoke(bob, market.request(bob, bobsEcho, bytes("y"), 100), 502));
    agent.mode(FakeAgent.Mode.BAD_MODULE);
    bobs.add(invoke(bob, market.request(bob, bobsEcho, bytes("y"), 100), 400));
    agent.mode(FakeAgent.Mode.OK);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void aConsumerSeesItsOwnInvocationsWithTheirReceipts() throws Exception {
    String cookie = signIn(market.consumer);
    JsonNode page = get(cookie, "/api/v1/me/invocations", 200);
    JsonNode list = page.get("invocations");
    assertEquals(3, list.size(), page.toString());
    assertFalse(page.get("truncated").asBoolean());
    for (int i = 0; i < 3; i++) {
      InvocationRequest request = alices.get(2 - i); // newest ticket first
      JsonNode one = list.get(i);
      String id = request.ticket().invocationId();
      JsonNode result =
          Json.tree(market.client(market.consumer).get("/api/v1/invocations/" + id).text());
      String expected =
          "{\"invocationId\":\""
              + id
              + "\",\"functionId\":\""
              + request.ticket().functionId()
              + "\",\"issuedAt\":"
              + request.ticket().issuedAt()
              + ",\"status\":\"OK\",\"cost\":"
              + agent.cost()
              + ",\"providerId\":\""
              + agent.identity().id()
              + "\",\"settlement\":\"SETTLED\",\"batchId\":\""
              + result.get("batchId").asText()
              + "\",\"receipt\":{\"runId\":\""
              + id
              + "\",\"providerId\":\""
              + agent.identity().id()
              + "\",\"offerId\":\""
              + agent.offerId()
              + "\",\"status\":\"OK\",\"amount\":"
              + agent.cost()
              + ",\"outputDigest\":\""
              + result.get("receipt").get("outputDigest").asText()
              + "\",\"finishedAt\":"
              + result.get("receipt").get("finishedAt").asLong()
              + "},\"verification\":{\"level\":\"receipt\",\"providers\":[\""
              + agent.identity().id()
              + "\"],\"outcome\":\"not-sampled\"},\"error\":null}";
      assertEquals(Json.tree(expected), one);
    }
    // Bob's invocations, and Bob, appear nowhere in Alice's view; nor hers in his.
    String text = page.toString();
    for (InvocationRequest b : bobs) {
      assertFalse(text.contains(b.ticket().invocationId()), text);
    }
    assertFalse(text.contains(bob.id()), text);
    String bobsView = get(signIn(bob), "/api/v1/me/invocations", 200).toString();
    for (InvocationRequest a : alices) {
      assertFalse(bobsView.contains(a.ticket().invocationId()), bobsView);
    }
    assertTrue(bobsView.contains(bobs.get(0).ticket().invocationId()), bobsView);
  }

  @Test
  void aConsumerSeesItsFunctionsAndSpend() throws Exception {
    String cookie = signIn(market.consumer);
    JsonNode functions = get(cookie, "/api/v1/me/functions", 200);
    String expected =
        "{\"functions\":[" + function(echo) + "," + function(upper) + "],\"truncated\":false}";
    assertEquals(Json.tree(expected), functions);

    JsonNode spend = get(cookie, "/api/v1/me/spend", 200);
    assertEquals(market.consumer.id(), spend.get("participantId").asText());
    long spent = 3 * agent.cost();
    assertEquals(Json.tree("{\"receipts\":3,\"amount\":" + spent + "}"), spend.get("settled"));
    assertEquals(Json.tree("{\"receipts\":0,\"amount\":0}"), spend.get("pending"));
    assertEquals(spent, TestMarket.FUNDS - market.balance(market.consumer.id()));
    long inBuckets = 0;
    int receipts = 0;
    for (JsonNode bucket : spend.get("buckets")) {
      inBuckets += bucket.get("amount").asLong();
      receipts += bucket.get("receipts").asInt();
      assertEquals(0, bucket.get("start").asLong() % spend.get("bucketMillis").asLong());
    }
    assertEquals(spent, inBuckets);
    assertEquals(3, receipts);
    assertEquals(60_000, spend.get("bucketMillis").asLong());

    JsonNode me = get(cookie, "/api/v1/me", 200);
    assertEquals(
        Json.tree(
            "{\"participantId\":\""
                + market.consumer.id()
                + "\",\"role\":\"consumer\",\"balance\":"
                + (TestMarket.FUNDS - spent)
                + ",\"locked\":0,\"views\":[\"functions\",\"spend\",\"invocations\",\"disputes\"]}"),
        me);
    // A window that starts after every payment holds none of them.
    long later = System.currentTimeMillis() + 60_000;
    JsonNode none = get(cookie, "/api/v1/me/spend?since=" + later, 200);
    assertEquals(0, none.get("settled").get("receipts").asInt(), none.toString());
    assertEquals(0, none.get("buckets").size());
    get(cookie, "/api/v1/me/spend?since=yesterday", 400);
    assertEquals(
        Json.tree("{\"disputes\":[],\"truncated\":false}"),
        get(cookie, "/api/v1/me/disputes", 200));
  }

  @Test
  void aProviderSeesItsEarningsAndRefusals() throws Exception {
    String cookie = signIn(agent.identity());
    JsonNode earnings = get(cookie, "/api/v1/me/earnings", 200);
    long earned = market.balance(agent.identity().id());
    assertTrue(earned > 0);
    assertEquals(Json.tree("{\"receipts\":4,\"amount\":" + earned + "}"), earnings.get("settled"));
    assertEquals(Json.tree("{\"receipts\":0,\"amount\":0}"), earnings.get("pending"));

    JsonNode refusals = get(cookie, "/api/v1/me/refusals", 200);
    assertEquals(agent.identity().id(), refusals.get("providerId").asText());
    assertEquals(1, refusals.get("refused").asLong(), refusals.toString());
    assertEquals(1, refusals.get("faults").asLong(), refusals.toString());
    JsonNode recent = refusals.get("recent");
    assertEquals(2, recent.size(), refusals.toString());
    assertEquals("refused", recent.get(0).get("kind").asText());
    assertEquals(bobs.get(2).ticket().invocationId(), recent.get(0).get("invocationId").asText());
    assertTrue(recent.get(0).get("reason").asText().contains("_start"), refusals.toString());
    assertEquals("fault", recent.get(1).get("kind").asText());
    assertEquals(bobs.get(1).ticket().invocationId(), recent.get(1).get("invocationId").asText());
    assertTrue(recent.get(1).get("reason").asText().contains("500"), refusals.toString());

    JsonNode me = get(cookie, "/api/v1/me", 200);
    assertEquals("provider", me.get("role").asText());
    assertEquals(earned, me.get("balance").asLong());
  }

  @Test
  void eachRoleOpensOnlyItsOwnViews() throws Exception {
    String provider = signIn(agent.identity());
    for (String path : List.of("/invocations", "/functions", "/spend")) {
      get(provider, "/api/v1/me" + path, 403);
    }
    String consumer = signIn(market.consumer);
    for (String path : List.of("/earnings", "/refusals")) {
      get(consumer, "/api/v1/me" + path, 403);
    }
    // An auditor has the ledger explorer, not a participant's page.
    SignedClient auditor = market.client(market.auditor);
    assertEquals(403, auditor.get("/api/v1/me/invocations").status());
    assertEquals(403, auditor.get("/api/v1/me/earnings").status());
    SignedClient.Response me = auditor.get("/api/v1/me");
    assertEquals(200, me.status(), me.text());
    assertEquals(0, Json.tree(me.text()).get("views").size());
    // No cookie, no signature: nothing.
    get(null, "/api/v1/me", 401);
    get("em_session=forged", "/api/v1/me/invocations", 401);
  }

  private String function(FunctionSpec spec) {
    return "{\"functionId\":\""
        + spec.functionId()
        + "\",\"name\":\""
        + spec.name()
        + "\",\"runtime\":\"wasm\",\"trustLevel\":\"RECEIPT\",\"digest\":\""
        + spec.digest()
        + "\",\"maxPricePerInvocation\":1000,\"registeredAt\":"
        + spec.registeredAt()
        + ",\"retiredAt\":null,\"versions\":[{\"digest\":\""
        + spec.digest()
        + "\",\"registeredAt\":"
        + spec.registeredAt()
        + "}]}";
  }

  private InvocationRequest invoke(Identity who, InvocationRequest request, int status) {
    SignedClient.Response response = market.client(who).post("/api/v1/invocations", request);
    assertEquals(status, response.status(), response.text());
    long issued = request.ticket().issuedAt();
    Await.until("the clock past " + issued, () -> System.currentTimeMillis() > issued);
    return request;
  }

  private String signIn(Identity who) throws Exception {
    SignedClient.Response response = market.client(who).post(Routes.API + "/sessions", new byte[0]);
    assertEquals(201, response.status(), response.text());
    HttpResponse<String> signIn = send(response.as(SignInLink.class).path(), null);
    assertEquals(303, signIn.statusCode(), signIn.body());
    String header = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    return header.substring(0, header.indexOf(';'));
  }

  private JsonNode get(String cookie, String path, int status) throws Exception {
    HttpResponse<String> response = send(path, cookie);
    assertEquals(status, response.statusCode(), response.body());
    if (status == 200) {
      assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }
    return Json.tree(response.body());
  }

  private HttpResponse<String> send(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(market.broker().url() + path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
