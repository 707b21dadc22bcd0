package io.edgemarket.broker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.BatchRecord;
import io.edgemarket.model.ledger.Records.ProvenReceipt;
import io.edgemarket.model.ledger.Transactions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger explorer on a real broker and embedded ledger: its answers are the ledger's records
 * (exactly), a receipt's path climbs from its own signed bytes to the recorded root, search finds
 * what an id names, an account's journal is its own; auditors and admins only (a consumer's or a
 * provider's signature or cookie gets 403).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerTest {
  private static final String X = Routes.EXPLORER;

  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private final List<String> invocations = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    agent = market.provider("p1", 40, 10);
    FunctionSpec echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    for (int i = 0; i < 5; i++) {
      InvocationRequest request =
          market.request(echo, ("x" + i).getBytes(StandardCharsets.UTF_8), 100);
      SignedClient.Response answer =
          market.client(market.consumer).post("/api/v1/invocations", request);
      assertEquals(200, answer.status(), answer.text());
      invocations.add(request.ticket().invocationId());
    }
    market.awaitSettlementIdle();
  }

  @AfterAll
  void stop() {
    market.close();
  }

  private JsonNode get(Identity who, String path) {
    SignedClient.Response response = market.client(who).get(path);
    assertEquals(200, response.status(), path + ": " + response.text());
    return Json.tree(response.text());
  }

  private ProvenReceipt ledgerReceipt(String id) throws Exception {
    return Json.read(
        market.gateway(market.auditor).evaluate(Transactions.GET_RECEIPT, id), ProvenReceipt.class);
  }

  private BatchRecord ledgerBatch(String id) throws Exception {
    return Json.read(
        market.gateway(market.auditor).evaluate(Transactions.GET_BATCH, id), BatchRecord.class);
  }

  @Test
  void aReceiptIsTheLedgersRecordAndItsPathClimbsFromItsOwnBytesToTheRoot() throws Exception {
    String id = invocations.get(2);
    ProvenReceipt record = ledgerReceipt(id);
    BatchRecord batch = ledgerBatch(record.batchId());
    JsonNode detail = get(market.auditor, X + "/receipts/" + id);

    assertEquals(id, detail.get("runId").asText());
    assertEquals(Json.tree(Json.write(record.receipt())), detail.get("receipt"));
    assertEquals(record.batchId(), detail.get("batchId").asText());
    assertEquals(record.txId(), detail.get("txId").asText());
    assertEquals(record.providerShare(), detail.get("providerShare").asLong());
    JsonNode proof = detail.get("proof");
    assertEquals(
        new String(record.receipt().signingPayload(), StandardCharsets.UTF_8),
        proof.get("signedPayload").asText());
    assertEquals(batch.leaves().get(record.leafIndex()), proof.get("batchLeaf").asText());
    assertEquals(batch.merkleRoot(), proof.get("merkleRoot").asText());
    assertEquals(record.proof().steps().size(), proof.get("steps").size());

    // The climb a page makes: leaf = SHA-256(payload || signature), then 0x00 and 0x01 nodes.
    byte[] leaf =
        Crypto.sha256(
            proof.get("signedPayload").asText().getBytes(StandardCharsets.UTF_8),
            Base64.getDecoder().decode(proof.get("signature").asText()));
    assertEquals(proof.get("batchLeaf").asText(), Crypto.hex(leaf));
    byte[] node = Crypto.sha256(new byte[] {0}, leaf);
    assertEquals(proof.get("leafNodeHex").asText(), Crypto.hex(node));
    for (JsonNode step : proof.get("steps")) {
      byte[] sibling = Crypto.unhex(step.get("siblingHex").asText());
      node =
          step.get("siblingLeft").asBoolean()
              ? Crypto.sha256(new byte[] {1}, sibling, node)
              : Crypto.sha256(new byte[] {1}, node, sibling);
      assertEquals(step.get("expectedHex").asText(), Crypto.hex(node));
    }
    assertEquals(batch.merkleRoot(), Crypto.hex(node));

    List<String> checks = new ArrayList<>();
    detail
        .get("checks")
        .forEach(c -> checks.add(c.get("name").asText() + "=" + c.get("status").asText()));
    assertEquals(
        List.of(
            "provider-signature=verified",
            "ticket-signature=verified",
            "broker-signature=verified",
            "amount=verified"),
        checks);
  }

  @Test
  void batchesAreListedAndABatchIsItsLedgerRecordWithItsRootRecomputed() throws Exception {
    ProvenReceipt record = ledgerReceipt(invocations.get(0));
    BatchRecord batch = ledgerBatch(record.batchId());
    JsonNode page = get(market.admin, X + "/batches?pageSize=200");
    List<String> listed = new ArrayList<>();
    page.get("records").forEach(b -> listed.add(b.get("batchId").asText()));
    assertTrue(listed.contains(batch.batchId()), listed.toString());

    JsonNode detail = get(market.auditor, X + "/batches/" + batch.batchId());
    assertEquals(batch.merkleRoot(), detail.get("merkleRoot").asText());
    assertEquals(batch.merkleRoot(), detail.get("recomputedRoot").asText());
    assertTrue(detail.get("rootMatches").asBoolean());
    assertEquals("verified", detail.get("brokerSignature").get("status").asText());
    assertEquals(Json.tree(Json.write(batch.settled())), detail.get("settled"));
    assertEquals(batch.totalAmount(), detail.get("totalAmount").asLong());
    assertEquals(batch.leaves().size(), detail.get("receipts").asInt());

    SignedClient.Response none = market.client(market.auditor).get(X + "/batches/no-such-batch");
    assertEquals(404, none.status(), none.text());
    assertEquals(400, market.client(market.auditor).get(X + "/batches?pageSize=0").status());
  }

  @Test
  void searchFindsAReceiptABatchAProviderAndATransaction() throws Exception {
    String id = invocations.get(1);
    ProvenReceipt record = ledgerReceipt(id);
    JsonNode byInvocation = get(market.auditor, X + "/search?q=" + id);
    assertEquals(1, byInvocation.get("matches").size(), byInvocation.toString());
    assertEquals("receipt", byInvocation.get("matches").get(0).get("kind").asText());
    assertEquals(id, byInvocation.get("matches").get(0).get("id").asText());

    JsonNode byBatch = get(market.auditor, X + "/search?q=" + record.batchId());
    assertEquals("batch", byBatch.get("matches").get(0).get("kind").asText());

    String provider = agent.identity().id();
    JsonNode byProvider = get(market.auditor, X + "/search?q=" + enc(provider));
    JsonNode match = byProvider.get("matches").get(0);
    assertEquals("participant", match.get("kind").asText());
    assertEquals(provider, match.get("id").asText());
    List<String> runs = new ArrayList<>();
    match.get("receipts").forEach(r -> runs.add(r.get("runId").asText()));
    assertEquals(invocations.size(), runs.size(), runs.toString());
    assertTrue(runs.containsAll(invocations), runs.toString());
    assertEquals(agent.offerId(), match.get("offers").get(0).get("offerId").asText());

    JsonNode byTx = get(market.auditor, X + "/search?q=" + record.txId());
    assertEquals("transaction", byTx.get("matches").get(0).get("kind").asText(), byTx.toString());
    assertEquals(record.txId(), byTx.get("matches").get(0).get("entry").get("txId").asText());

    assertEquals(0, get(market.auditor, X + "/search?q=nothing-here").get("matches").size());
    assertEquals(400, market.client(market.auditor).get(X + "/search?q=").status());
  }

  @Test
  void anAccountsJournalHoldsOnlyItsOwnMovementsAndItsBalance() throws Exception {
    String consumer = market.consumer.id();
    JsonNode journal = get(market.auditor, X + "/accounts/" + enc(consumer) + "/journal");
    assertEquals(market.balance(consumer), journal.get("balance").asLong());
    assertTrue(journal.get("complete").asBoolean());
    assertFalse(journal.get("entries").isEmpty());
    long net = 0;
    long last = Long.MAX_VALUE;
    for (JsonNode entry : journal.get("entries")) {
      assertTrue(entry.get("timestamp").asLong() <= last, "newest first");
      last = entry.get("timestamp").asLong();
      boolean mine = false;
      for (JsonNode p : entry.get("postings")) {
        if (consumer.equals(p.get("to").asText())) {
          net += p.get("amount").asLong();
          mine = true;
        }
        if (consumer.equals(p.get("from").asText())) {
          net -= p.get("amount").asLong();
          mine = true;
        }
      }
      assertTrue(mine, entry.toString());
    }
    // Funded once, then paid for each invocation: the entries add up to the balance.
    assertEquals(market.balance(consumer), net);
  }

  @Test
  void theLatestAuditReportIsTheOneAnAuditorPublished() {
    SignedClient auditor = market.client(market.auditor);
    String report =
        "{\"batches\":3,\"receiptsChecked\":5,\"totalSettledAmount\":200,\"discrepancies\":[]}";
    SignedClient.Response refused =
        market
            .client(market.consumer)
            .post(X + "/audit-report", report.getBytes(StandardCharsets.UTF_8));
    assertEquals(403, refused.status());
    assertEquals(
        400,
        auditor.post(X + "/audit-report", "{\"x\":1}".getBytes(StandardCharsets.UTF_8)).status());
    SignedClient.Response published =
        auditor.post(X + "/audit-report", report.getBytes(StandardCharsets.UTF_8));
    assertEquals(201, published.status(), published.text());
    JsonNode latest = get(market.admin, X + "/audit-report");
    assertEquals(market.auditor.id(), latest.get("publishedBy").asText());
    assertEquals(Json.tree(report), latest.get("report"));
  }

  @Test
  void consumersAndProvidersAreRefusedBySignatureAndByCookie() throws Exception {
    String id = invocations.get(0);
    List<String> paths =
        List.of(
            X + "/batches",
            X + "/receipts/" + id,
            X + "/search?q=" + id,
            X + "/accounts/" + enc(market.consumer.id()) + "/journal",
            X + "/audit-report");
    String cookie = cookie(market.consumer);
    HttpClient browser = HttpClient.newHttpClient();
    for (String path : paths) {
      assertEquals(403, market.client(market.consumer).get(path).status(), path);
      assertEquals(403, market.client(agent.identity()).get(path).status(), path);
      HttpResponse<String> answer =
          browser.send(
              HttpRequest.newBuilder(URI.create(market.broker().url() + path))
                  .header("Cookie", cookie)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(403, answer.statusCode(), path);
    }
    // An auditor's cookie opens them.
    HttpResponse<String> answer =
        browser.send(
            HttpRequest.newBuilder(URI.create(market.broker().url() + X + "/receipts/" + id))
                .header("Cookie", cookie(market.auditor))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
  }

  @Test
  void anInvocationsAnswerNamesTheBatchTheExplorerShows() {
    String id = invocations.get(4);
    InvocationResult result =
        market.client(market.consumer).get("/api/v1/invocations/" + id).as(InvocationResult.class);
    JsonNode detail = get(market.auditor, X + "/receipts/" + id);
    assertEquals(result.batchId(), detail.get("batchId").asText());
    Receipt receipt = Json.read(detail.get("receipt").toString(), Receipt.class);
    assertEquals(id, receipt.invocationId());
  }

  private String cookie(Identity who) throws Exception {
    SignInLink link =
        market.client(who).post(Routes.API + "/sessions", new byte[0]).as(SignInLink.class);
    HttpResponse<String> signIn =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(market.broker().url() + link.path())).build(),
                HttpResponse.BodyHandlers.ofString());
    String header = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    return header.substring(0, header.indexOf(';'));
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
