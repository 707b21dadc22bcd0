package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, an HTTP route end to end on a real market (embedded ledger, broker, agent, Wasm
 * sandbox): the owner opens a route to upper with {@code trigger route create}; a plain HTTP client
 * with no market identity calls it with the key and gets the upper-cased input; the owner is
 * charged exactly the settled receipt, which verifies step by step; a wrong key, a call past
 * maxCalls and a call to a revoked route are refused and charge nothing; the audit is clean.
 */
class RouteTriggerIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aDeviceCallsARouteAndTheOwnerPaysExactlyWhatSettles() throws Exception {
    Path data = dir.resolve("market");
    try (LocalMarket market = LocalMarket.start(data, 0, 1, QUIET);
        LedgerGateway auditor =
            new RemoteLedgerGateway(market.brokerUrl(), market.dir().identity("auditor"))) {
      String url = market.brokerUrl().toString();
      String owner = market.dir().identity("consumer").id();
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
      JsonNode route = create(url, data, "sensor", "--max-calls", "2");
      String key = route.get("key").asText();
      URI routeUrl = URI.create(route.get("url").asText());
      assertEquals(url + "/run/" + owner + "/sensor", routeUrl.toString());
      long before = balance(auditor, owner);

      HttpResponse<byte[]> first = post(routeUrl, key, "hello edge");
      assertEquals(200, first.statusCode(), text(first));
      assertEquals("HELLO EDGE", text(first));
      long cost = Long.parseLong(first.headers().firstValue("X-Cost").orElseThrow());
      String id = first.headers().firstValue("X-Invocation-Id").orElseThrow();
      Cli verify =
          Await.until(
              "the receipt settled",
              () -> Cli.against(url, data, "receipt", "verify", id),
              c -> c.exitCode() != ExitCodes.FAILED);
      assertEquals(0, verify.exitCode(), verify::toString);
      assertTrue(
          verify.out().contains("under grant " + route.get("grantId").asText()), verify::toString);
      Records.ProvenReceipt receipt =
          Records.read(auditor.evaluate(Transactions.GET_RECEIPT, id), Records.ProvenReceipt.class);
      assertEquals(cost, receipt.receipt().amount());
      assertEquals(before - cost, balance(auditor, owner), "charged exactly the receipt");
      try (EdgeMarket client =
          EdgeMarket.builder()
              .broker(market.brokerUrl())
              .identity(market.dir().identity("consumer"))
              .trustRoot(market.dir().trustRoot())
              .build()) {
        InvocationResult looked = client.invocation(id);
        assertEquals(InvocationResult.Status.OK, looked.status(), "the owner looks its run up");
        assertEquals(cost, looked.cost());
      }

      HttpResponse<byte[]> wrong = post(routeUrl, key + "x", "nope");
      assertEquals(401, wrong.statusCode());
      assertEquals(ErrorCodes.UNAUTHENTICATED, problem(wrong).code());

      HttpResponse<byte[]> second = post(routeUrl, key, "again");
      assertEquals(200, second.statusCode(), text(second));
      long cost2 = Long.parseLong(second.headers().firstValue("X-Cost").orElseThrow());
      HttpResponse<byte[]> third = post(routeUrl, key, "one too many");
      assertEquals(402, third.statusCode(), text(third));
      assertEquals(ErrorCodes.GRANT_EXHAUSTED, problem(third).code());

      JsonNode gone = create(url, data, "gone", "--max-calls", "10");
      Cli revoke = Cli.against(url, data, "trigger", "revoke", gone.get("grantId").asText());
      assertEquals(0, revoke.exitCode(), revoke::toString);
      URI goneUrl = URI.create(gone.get("url").asText());
      String goneKey = gone.get("key").asText();
      HttpResponse<byte[]> revoked =
          Await.until(
              "the revocation reached the broker",
              () -> post(goneUrl, goneKey, "late"),
              r -> r.statusCode() == 410);
      assertEquals(ErrorCodes.GRANT_REVOKED, problem(revoked).code());

      String secondId = second.headers().firstValue("X-Invocation-Id").orElseThrow();
      Await.until(
          "the second receipt settled",
          () -> Cli.against(url, data, "receipt", "verify", secondId).exitCode(),
          code -> code == 0);
      assertEquals(before - cost - cost2, balance(auditor, owner), "nothing else was charged");
      JsonNode listed = Json.tree(Cli.against(url, data, "trigger", "list", "--json").out());
      assertEquals(2, listed.size());
      for (JsonNode grant : listed) {
        boolean sensor = grant.get("grantId").asText().equals(route.get("grantId").asText());
        assertEquals(sensor ? "exhausted" : "revoked", grant.get("status").asText());
        assertEquals(sensor ? 2 : 0, grant.get("calls").asLong());
      }
      Cli audit = Cli.against(url, data, "audit");
      assertEquals(0, audit.exitCode(), audit::toString);
    }
  }

  private static JsonNode create(String url, Path data, String name, String... options) {
    String[] args = new String[7 + options.length];
    String[] head = {"trigger", "route", "create", "upper", "--route", name, "--json"};
    System.arraycopy(head, 0, args, 0, head.length);
    System.arraycopy(options, 0, args, head.length, options.length);
    Cli create = Cli.against(url, data, args);
    assertEquals(0, create.exitCode(), create::toString);
    return Json.tree(create.out());
  }

  private static long balance(LedgerGateway auditor, String accountId) throws Exception {
    return Records.read(
            auditor.evaluate(Transactions.GET_BALANCE, accountId), Records.Balance.class)
        .balance();
  }

  private static HttpResponse<byte[]> post(URI url, String key, String input) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(url)
              .header("X-Route-Key", key)
              .POST(HttpRequest.BodyPublishers.ofString(input))
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ApiError problem(HttpResponse<byte[]> answer) {
    return Json.read(answer.body(), ApiError.class);
  }

  private static String text(HttpResponse<byte[]> answer) {
    return new String(answer.body(), StandardCharsets.UTF_8);
  }
}
