package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.enroll.EnrollmentMessages.EnrollRequest;
import io.edgemarket.broker.enroll.EnrollmentMessages.IssuedToken;
import io.edgemarket.broker.enroll.EnrollmentMessages.TokenRequest;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.Samples;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.Heartbeat;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.SignedProposal;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/**
 * openapi.json against what a real broker answers: every main route is called for real (successes
 * and errors), and each answer must be one the document lists for that route and status, under a
 * media type it lists, with a body that conforms to the schema given there ({@link SchemaCheck}).
 * Finally every route must have been seen answering successfully.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiConformanceTest {
  private static final String API = Routes.API;

  @TempDir static Path dir;
  private TestMarket market;
  private ConformingClient http;
  private FakeAgent agent;
  private FunctionSpec echo;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    http = new ConformingClient(() -> market.broker().url(), OpenApiTest.document());
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  @Order(1)
  void systemRoutes() throws Exception {
    http.expect(503, null, "GET", API + "/health", API + "/health", null);
    agent = market.provider("p1", 10, 1);
    market.awaitServing(agent);
    Await.until(
        "health UP", () -> http.send(null, "GET", API + "/health", null), r -> r.status() == 200);
    http.expect(200, null, "GET", API + "/health", API + "/health", null);
    http.expect(200, null, "GET", API + "/openapi.json", API + "/openapi.json", null);
    http.expect(200, null, "GET", "/metrics", "/metrics", null);
    http.expect(200, null, "GET", "/", "/", null);
    http.expect(200, null, "GET", API + "/public/market", API + "/public/market", null);
    JsonNode snapshot =
        http.expectFirstEvent(API + "/public/events", API + "/public/events", "MarketSnapshot");
    assertEquals(1, snapshot.get("providers").size(), snapshot.toString());
    String page = http.send(null, "GET", "/", null).text();
    java.util.regex.Matcher script =
        java.util.regex.Pattern.compile("/assets/([A-Za-z0-9._-]+\\.js)").matcher(page);
    assertTrue(script.find(), page);
    http.expect(200, null, "GET", "/assets/{file}", "/assets/" + script.group(1), null);
    http.expect(404, null, "GET", "/assets/{file}", "/assets/nothing.js", null);
  }

  @Test
  @Order(2)
  void marketRoutes() {
    Identity orderer = market.ca.enroll("orderer", Role.ORDERER);
    http.expect(200, market.consumer, "GET", API + "/offers", API + "/offers", null);
    http.expect(401, null, "GET", API + "/offers", API + "/offers", null);
    http.expect(200, market.auditor, "GET", API + "/market", API + "/market", null);
    http.expect(403, orderer, "GET", API + "/market", API + "/market", null);

    String beat = API + "/providers/heartbeat";
    Identity provider = agent.identity();
    Heartbeat own = new Heartbeat(provider.id(), agent.offerId(), null, 0, 8, 1000, 512, false, 0);
    http.expect(204, provider, "POST", beat, beat, Json.bytes(own));
    Heartbeat other = new Heartbeat("someone-else", "offer-x", null, 0, 8, 1000, 512, false, 0);
    http.expect(403, provider, "POST", beat, beat, Json.bytes(other));
    http.expect(400, provider, "POST", beat, beat, bytes("{"));

    String verifierBeat = API + "/verifiers/heartbeat";
    Identity auditor = market.auditor;
    byte[] self =
        Json.bytes(java.util.Map.of("verifierId", auditor.id(), "endpoint", "http://127.0.0.1:1"));
    http.expect(204, auditor, "POST", verifierBeat, verifierBeat, self);
    byte[] someoneElse =
        Json.bytes(java.util.Map.of("verifierId", "someone-else", "endpoint", "http://x"));
    http.expect(403, auditor, "POST", verifierBeat, verifierBeat, someoneElse);
    http.expect(403, provider, "POST", verifierBeat, verifierBeat, self);
    http.expect(400, auditor, "POST", verifierBeat, verifierBeat, bytes("{"));
  }

  @Test
  @Order(3)
  void blobRoutes() throws Exception {
    String template = API + "/blobs/{sha256}";
    byte[] module = Samples.wasm("echo.wasm");
    String path = API + "/blobs/" + Crypto.sha256Hex(module);
    http.expect(201, market.consumer, "PUT", template, path, module);
    http.expect(200, market.auditor, "GET", template, path, null);
    http.expect(401, null, "PUT", template, path, module);
    http.expect(403, market.auditor, "PUT", template, path, module);
    http.expect(400, market.consumer, "PUT", template, API + "/blobs/ABC", module);
    String other = API + "/blobs/" + Crypto.sha256Hex(bytes("other"));
    http.expect(404, market.auditor, "GET", template, other, null);
    echo = market.deploy(market.consumer, "echo", 5_000);
  }

  @Test
  @Order(4)
  void invocationRoutes() {
    String invocations = API + "/invocations";
    String lookup = API + "/invocations/{id}";
    Identity bob = market.ca.enroll("bob", Role.CONSUMER);
    InvocationRequest request = market.request(echo, bytes("hi"), 1_000);
    http.expect(200, market.consumer, "POST", invocations, invocations, Json.bytes(request));
    // The same ticket again is a retry (the first answer); another ticket with its id, a duplicate.
    http.expect(200, market.consumer, "POST", invocations, invocations, Json.bytes(request));
    String id = request.ticket().invocationId();
    InvocationRequest reused = market.request(echo, bytes("hi"), 1_000);
    InvocationTicket t = reused.ticket();
    InvocationTicket sameId =
        InvocationTicket.issue(
            market.consumer,
            id,
            t.brokerId(),
            t.functionId(),
            t.functionDigest(),
            bytes("hi"),
            t.maxPrice(),
            t.issuedAt(),
            t.expiresAt());
    http.expect(
        409,
        market.consumer,
        "POST",
        invocations,
        invocations,
        Json.bytes(new InvocationRequest(sameId, bytes("hi"))));
    String statements = API + "/statements";
    io.edgemarket.model.Statement statement =
        io.edgemarket.model.Statement.sign(
            io.edgemarket.model.Statement.TICKETS,
            market.consumer,
            "s-1",
            java.util.List.of(request.ticket().leafHash()));
    http.expect(202, market.consumer, "POST", statements, statements, Json.bytes(statement));
    http.expect(400, bob, "POST", statements, statements, Json.bytes(statement));
    http.expect(400, market.consumer, "POST", statements, statements, bytes("{"));
    http.expect(200, market.consumer, "GET", lookup, invocations + "/" + id, null);
    http.expect(200, market.auditor, "GET", lookup, invocations + "/" + id, null);
    http.expect(403, bob, "GET", lookup, invocations + "/" + id, null);
    http.expect(404, market.consumer, "GET", lookup, invocations + "/unknown", null);
    http.expect(200, market.consumer, "GET", invocations, invocations, null);
    http.expect(
        200,
        market.auditor,
        "GET",
        invocations,
        invocations + "?function=" + echo.functionId() + "&since=1",
        null);
    http.expect(400, market.consumer, "GET", invocations, invocations + "?since=yesterday", null);
    // The owner's answers with the function's logs (the schema bounds their length).
    agent.logs("x".repeat(Limits.MAX_LOG_BYTES + 1_000));
    InvocationRequest logged = market.request(echo, bytes("logged"), 1_000);
    String withLogs = invocations + "?logs=true";
    http.expect(200, market.consumer, "POST", invocations, withLogs, Json.bytes(logged));
    String loggedId = logged.ticket().invocationId();
    http.expect(
        200, market.consumer, "GET", lookup, invocations + "/" + loggedId + "?logs=true", null);
    agent.logs(null);

    InvocationRequest async = market.request(echo, bytes("later"), 1_000);
    http.expect(
        202, market.consumer, "POST", invocations, invocations + "?async=true", Json.bytes(async));
    http.expect(400, market.consumer, "POST", invocations, invocations, bytes("{"));
    http.expect(
        403,
        bob,
        "POST",
        invocations,
        invocations,
        Json.bytes(market.request(echo, bytes("x"), 1_000)));
    http.expect(
        402,
        market.consumer,
        "POST",
        invocations,
        invocations,
        Json.bytes(market.request(echo, bytes("x"), TestMarket.FUNDS * 10)));
    FunctionSpec missing =
        new FunctionSpec(
            market.consumer.id() + "/missing",
            "missing",
            null,
            echo.digest(),
            "wasm",
            1,
            1,
            null,
            1,
            0);
    http.expect(
        404,
        market.consumer,
        "POST",
        invocations,
        invocations,
        Json.bytes(market.request(missing, bytes("x"), 1_000)));
    byte[] huge = new byte[Limits.MAX_PAYLOAD_BYTES + 1];
    http.expect(
        413,
        market.consumer,
        "POST",
        invocations,
        invocations,
        Json.bytes(market.request(echo, huge, 1_000)));
    agent.mode(FakeAgent.Mode.FAIL);
    try {
      http.expect(
          502,
          market.consumer,
          "POST",
          invocations,
          invocations,
          Json.bytes(market.request(echo, bytes("x"), 1_000)));
    } finally {
      agent.mode(FakeAgent.Mode.OK);
    }
  }

  @Test
  @Order(5)
  void routeRoutes() throws Exception {
    String template = "/run/{owner}/{route}";
    String key = GrantTrigger.newRouteKey();
    long now = System.currentTimeMillis();
    Grant grant =
        Grant.sign(
            market.consumer,
            "grant-openapi",
            echo.functionId(),
            echo.digest(),
            market.brokerId.id(),
            GrantTrigger.route("sensor", key),
            1_000,
            1,
            10_000,
            now - 60_000,
            now + 3_600_000);
    market.gateway(market.consumer).submit(Transactions.PUBLISH_GRANT, Json.write(grant));
    String path = "/run/" + market.consumer.id() + "/sensor";
    Map<String, String> withKey = Map.of("X-Route-Key", key);
    http.expect(401, null, "POST", template, path, bytes("x"), Map.of("X-Route-Key", "wrong"));
    http.expect(401, null, "POST", template, path, bytes("x"));
    http.expect(404, null, "POST", template, "/run/someone/-bad-", bytes("x"), withKey);
    http.expect(413, null, "POST", template, path, new byte[Limits.MAX_PAYLOAD_BYTES + 1], withKey);
    http.expect(200, null, "POST", template, path, bytes("from a device"), withKey);
    http.expect(402, null, "POST", template, path, bytes("once more"), withKey);
    market.gateway(market.consumer).submit(Transactions.REVOKE_GRANT, grant.grantId());
    Await.until(
        "the revocation reaches the broker",
        () -> http.send(null, "POST", path, bytes("x"), withKey).status(),
        status -> status == 410);
    http.expect(410, null, "POST", template, path, bytes("x"), withKey);
  }

  @Test
  @Order(6)
  void ledgerRelay() {
    String evaluate = API + "/ledger/evaluate";
    String submit = API + "/ledger/submit";
    Identity carol = market.ca.enroll("carol", Role.CONSUMER);
    Identity carolsTwin = market.ca.enroll("carol", Role.CONSUMER); // same id, another key
    http.expect(
        200,
        null,
        "POST",
        evaluate,
        evaluate,
        proposal(market.consumer, Transactions.GET_BALANCE, market.consumer.id()));
    http.expect(
        404,
        null,
        "POST",
        evaluate,
        evaluate,
        proposal(market.consumer, Transactions.GET_FUNCTION, "nobody/nothing"));
    http.expect(400, null, "POST", evaluate, evaluate, bytes("{"));
    http.expect(
        200, null, "POST", submit, submit, proposal(carol, Transactions.REGISTER_PARTICIPANT));
    http.expect(
        409, null, "POST", submit, submit, proposal(carolsTwin, Transactions.REGISTER_PARTICIPANT));
    http.expect(
        403,
        null,
        "POST",
        submit,
        submit,
        proposal(carol, Transactions.CREDIT_ESCROW, carol.id(), "5", "self"));
    String checkpoint = API + "/ledger/checkpoint";
    http.expect(200, null, "GET", checkpoint, checkpoint, null);
    http.expect(200, null, "GET", checkpoint, checkpoint + "?height=1", null);
    http.expect(404, null, "GET", checkpoint, checkpoint + "?height=999999999", null);
  }

  @Test
  @Order(7)
  void enrollment() throws Exception {
    String tokens = API + "/enrollment/tokens";
    String enroll = API + "/enroll";
    JsonNode issued =
        http.expect(
            201,
            market.admin,
            "POST",
            tokens,
            tokens,
            Json.bytes(new TokenRequest("consumer", "dave", null)));
    http.expect(
        403,
        market.consumer,
        "POST",
        tokens,
        tokens,
        Json.bytes(new TokenRequest("consumer", null, null)));
    http.expect(
        400,
        market.admin,
        "POST",
        tokens,
        tokens,
        Json.bytes(new TokenRequest("admin", null, null)));
    String key = Pem.encode(Crypto.newKeyPair().getPublic());
    IssuedToken token = Json.read(issued.toString(), IssuedToken.class);
    http.expect(
        201, null, "POST", enroll, enroll, Json.bytes(new EnrollRequest(token.token(), null, key)));
    http.expect(
        401, null, "POST", enroll, enroll, Json.bytes(new EnrollRequest(token.token(), null, key)));
    http.expect(400, null, "POST", enroll, enroll, bytes("{"));
  }

  @Test
  @Order(8)
  void unknownRoutesAnswerAProblemToo() {
    ConformingClient.Answer answer = http.send(null, "GET", API + "/nowhere", null);
    assertEquals(404, answer.status());
    assertEquals(io.edgemarket.model.http.ApiError.MEDIA_TYPE, answer.mediaType());
    JsonNode problem = Json.tree(answer.text());
    assertEquals(
        List.of(),
        http.check().violations(http.check().resolve("#/components/schemas/ApiError"), problem));
  }

  @Test
  @Order(8)
  void sessionRoutes() {
    String sessions = API + "/sessions";
    JsonNode link = http.expect(201, market.consumer, "POST", sessions, sessions, null);
    http.expect(401, null, "POST", sessions, sessions, null);
    http.expect(401, null, "GET", "/signin", "/signin?token=not-a-token", null);
    http.expect(303, null, "GET", "/signin", link.get("path").asText(), null);
    http.expect(401, null, "GET", "/signin", link.get("path").asText(), null);
    String session = API + "/session";
    JsonNode view = http.expect(200, market.consumer, "GET", session, session, null);
    assertEquals(market.consumer.id(), view.get("participantId").asText());
    http.expect(401, null, "GET", session, session, null);
    http.expect(
        401, null, "GET", session, session, null, java.util.Map.of("Cookie", "em_session=forged"));
    http.expect(204, market.consumer, "DELETE", session, session, null);
  }

  @Test
  @Order(8)
  void explorerRoutes() {
    market.awaitSettlementIdle();
    String x = Routes.EXPLORER;
    JsonNode page = http.expect(200, market.auditor, "GET", x + "/batches", x + "/batches", null);
    http.expect(400, market.auditor, "GET", x + "/batches", x + "/batches?pageSize=x", null);
    http.expect(403, market.consumer, "GET", x + "/batches", x + "/batches", null);
    http.expect(401, null, "GET", x + "/batches", x + "/batches", null);
    String batchId = page.get("records").get(0).get("batchId").asText();
    String batch = x + "/batches/{batchId}";
    JsonNode detail = http.expect(200, market.admin, "GET", batch, x + "/batches/" + batchId, null);
    http.expect(404, market.admin, "GET", batch, x + "/batches/none", null);
    String runId = detail.get("settled").get(0).asText();
    String receipt = x + "/receipts/{runId}";
    http.expect(200, market.auditor, "GET", receipt, x + "/receipts/" + runId, null);
    http.expect(404, market.auditor, "GET", receipt, x + "/receipts/none", null);
    String search = x + "/search";
    for (String q : List.of(runId, batchId, market.consumer.id(), "none")) {
      http.expect(200, market.auditor, "GET", search, search + "?q=" + q, null);
    }
    http.expect(400, market.auditor, "GET", search, search, null);
    String journal = x + "/accounts/{accountId}/journal";
    String consumer = x + "/accounts/" + market.consumer.id() + "/journal";
    http.expect(200, market.auditor, "GET", journal, consumer, null);
    String report = x + "/audit-report";
    http.expect(404, market.auditor, "GET", report, report, null);
    byte[] body = bytes("{\"batches\":1,\"receiptsChecked\":2,\"discrepancies\":[]}");
    http.expect(403, market.consumer, "POST", report, report, body);
    http.expect(400, market.auditor, "POST", report, report, bytes("[]"));
    http.expect(201, market.auditor, "POST", report, report, body);
    http.expect(200, market.admin, "GET", report, report, null);
  }

  @Test
  @Order(8)
  void myViewRoutes() {
    Identity provider = agent.identity();
    String me = API + "/me";
    JsonNode summary = http.expect(200, market.consumer, "GET", me, me, null);
    assertEquals("consumer", summary.get("role").asText());
    http.expect(200, market.auditor, "GET", me, me, null);
    http.expect(401, null, "GET", me, me, null);
    for (String view : List.of("/earnings", "/refusals")) {
      http.expect(200, provider, "GET", me + view, me + view, null);
      http.expect(403, market.consumer, "GET", me + view, me + view, null);
    }
    for (String view : List.of("/functions", "/spend", "/invocations")) {
      JsonNode mine = http.expect(200, market.consumer, "GET", me + view, me + view, null);
      assertTrue(mine.toString().contains(market.consumer.id()), mine.toString());
      http.expect(403, provider, "GET", me + view, me + view, null);
    }
    http.expect(200, market.consumer, "GET", me + "/disputes", me + "/disputes", null);
    http.expect(200, provider, "GET", me + "/disputes", me + "/disputes", null);
    http.expect(403, market.auditor, "GET", me + "/disputes", me + "/disputes", null);
    http.expect(400, provider, "GET", me + "/earnings", me + "/earnings?since=soon", null);
    http.expect(400, market.consumer, "GET", me + "/spend", me + "/spend?since=-1", null);
  }

  @Test
  @Order(9)
  void everyRouteWasSeenSucceeding() {
    Set<String> expected = new TreeSet<>();
    for (Route route : Routes.ALL) {
      expected.add(route.method().name().toUpperCase(Locale.ROOT) + " " + route.path());
    }
    assertEquals(expected, http.succeeded());
    assertTrue(
        http.seen().size() > 2 * expected.size(), "errors were exercised too: " + http.seen());
  }

  private static byte[] proposal(Identity creator, String transaction, String... args) {
    return Json.bytes(
        SignedProposal.create(creator, transaction, List.of(args), System.currentTimeMillis()));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
