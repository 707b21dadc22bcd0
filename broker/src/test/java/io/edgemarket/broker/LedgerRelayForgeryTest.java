package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.Endorsement;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerTrust;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.SignedProposal;
import io.edgemarket.model.ledger.Transactions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, attack 8: a broker (here a proxy in front of a real broker and its embedded ledger) that
 * makes up ledger answers. A client that asks for and checks the ledger's endorsements gets the
 * real answers through an honest relay and a clear BAD_SIGNATURE for every made-up one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerRelayForgeryTest {
  @TempDir static Path dir;
  private TestMarket market;
  private HttpServer proxy;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Rewrites the broker's answer body for a path; identity by default. */
  private volatile BiFunction<String, String, String> rewrite = (path, body) -> body;

  @BeforeAll
  void start() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(50));
    proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext("/", this::forward);
    proxy.start();
  }

  @AfterAll
  void stop() {
    proxy.stop(0);
    market.close();
  }

  @Test
  void anHonestRelayPassesTheLedgersEndorsedAnswers() throws Exception {
    rewrite = (path, body) -> body;
    LedgerTrust trust = trust();
    RemoteLedgerGateway gateway = gateway(trust);
    String balance = gateway.evaluate(Transactions.GET_BALANCE, market.consumer.id());
    assertEquals(
        market.balance(market.consumer.id()),
        Records.read(balance, Records.Balance.class).balance());
    assertNotNull(trust.pinned());
    assertEquals(Role.ORDERER, io.edgemarket.model.crypto.Certificates.role(trust.pinned()));
    Checkpoint latest = gateway.latestCheckpoint();
    Checkpoint again = gateway.checkpointAt(latest.height());
    assertTrue(latest.sameBlock(again));
  }

  @Test
  void aMadeUpBalanceIsCaught() throws Exception {
    rewrite = (path, body) -> replaceResult(body, "{\"accountId\":\"x\",\"balance\":99999999}");
    LedgerException e = forged(gateway(trust()), Transactions.GET_BALANCE, market.consumer.id());
    assertTrue(e.getMessage().contains("not the one the ledger endorsed"), e.getMessage());
  }

  @Test
  void aMadeUpJournalIsCaught() throws Exception {
    String fake =
        Json.write(
            new Records.Page<>(
                List.of(
                    new Records.JournalEntry(
                        "tx", 1, "credit", "gift", List.of(new Records.Posting("a", "b", 5)))),
                ""));
    rewrite = (path, body) -> replaceResult(body, fake);
    forged(gateway(trust()), Transactions.LIST_JOURNAL, "100", "");
  }

  @Test
  void anAnswerWithoutItsEndorsementIsCaught() throws Exception {
    rewrite =
        (path, body) -> {
          RemoteLedgerGateway.Result result = Json.read(body, RemoteLedgerGateway.Result.class);
          return Json.write(
              new RemoteLedgerGateway.Result(result.result(), result.transactionId()));
        };
    LedgerException e = forged(gateway(trust()), Transactions.GET_BALANCE, market.consumer.id());
    assertTrue(e.getMessage().contains("no endorsement"), e.getMessage());
  }

  @Test
  void anAnswerEndorsedByAnotherLedgerCertificateIsCaughtOncePinned() throws Exception {
    LedgerTrust trust = trust();
    RemoteLedgerGateway gateway = gateway(trust);
    rewrite = (path, body) -> body;
    gateway.evaluate(Transactions.GET_BALANCE, market.consumer.id()); // pins the real ledger
    Identity impostor = market.ca.enroll("embedded-ledger", Role.ORDERER);
    rewrite =
        (path, body) -> {
          RemoteLedgerGateway.Result real = Json.read(body, RemoteLedgerGateway.Result.class);
          Endorsement e = real.endorsement();
          String fake = "{\"accountId\":\"x\",\"balance\":99999999}";
          SignedProposal proposal = lastProposal;
          Endorsement resigned =
              Endorsement.sign(
                  impostor, e.ledgerId(), proposal, fake, false, e.height(), e.lastHash());
          return Json.write(new RemoteLedgerGateway.Result(fake, real.transactionId(), resigned));
        };
    LedgerException e = forged(gateway, Transactions.GET_BALANCE, market.consumer.id());
    assertTrue(e.getMessage().contains("pinned"), e.getMessage());
  }

  @Test
  void aMadeUpCheckpointIsCaught() throws Exception {
    rewrite =
        (path, body) -> {
          Checkpoint real = Json.read(body, Checkpoint.class);
          return Json.write(
              new Checkpoint(
                  real.ledgerId(),
                  real.height() + 50,
                  real.lastHash(),
                  real.timestamp(),
                  real.signerPem(),
                  real.signature()));
        };
    LedgerException e = assertThrows(LedgerException.class, gateway(trust())::latestCheckpoint);
    assertEquals(ErrorCodes.BAD_SIGNATURE, e.code());
  }

  @Test
  void aCallerThatDoesNotAskGetsTheOldBody() throws Exception {
    rewrite = (path, body) -> body;
    SignedProposal proposal =
        SignedProposal.create(
            market.auditor,
            Transactions.GET_BALANCE,
            List.of(market.auditor.id()),
            System.currentTimeMillis());
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(market.broker().url() + "/api/v1/ledger/evaluate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(proposal)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertFalse(response.body().contains("endorsement"), response.body());
    assertEquals(
        404,
        http.send(
                HttpRequest.newBuilder(
                        URI.create(market.broker().url() + "/api/v1/ledger/checkpoint?height=999"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
  }

  private LedgerException forged(RemoteLedgerGateway gateway, String tx, String... args) {
    LedgerException e = assertThrows(LedgerException.class, () -> gateway.evaluate(tx, args));
    assertEquals(ErrorCodes.BAD_SIGNATURE, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + proxy.getAddress().getPort()));
    return e;
  }

  private LedgerTrust trust() {
    return new LedgerTrust(List.of(market.ca.certificate()), null);
  }

  private RemoteLedgerGateway gateway(LedgerTrust trust) {
    URI uri = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort());
    return new RemoteLedgerGateway(uri, market.auditor, trust);
  }

  private volatile SignedProposal lastProposal;

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().toString();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(market.broker().url() + path));
      String endorse = exchange.getRequestHeaders().getFirst(RemoteLedgerGateway.ENDORSE_HEADER);
      if (endorse != null) {
        request.header(RemoteLedgerGateway.ENDORSE_HEADER, endorse);
      }
      if ("POST".equals(exchange.getRequestMethod())) {
        lastProposal = Json.read(body, SignedProposal.class);
        request
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String answer =
          response.statusCode() == 200 ? rewrite.apply(path, response.body()) : response.body();
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(response.statusCode(), bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String replaceResult(String body, String made) {
    RemoteLedgerGateway.Result real = Json.read(body, RemoteLedgerGateway.Result.class);
    return Json.write(
        new RemoteLedgerGateway.Result(made, real.transactionId(), real.endorsement()));
  }
}
