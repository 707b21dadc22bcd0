package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.api.InvocationListing;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvocationSummary;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.GrantStatus;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, a schedule end to end on a real market (embedded ledger, broker, agent, Wasm sandbox):
 * the owner schedules upper every second with input "tick" and at most 3 calls; the broker fires
 * it, exactly three runs are made and paid, each receipt verifies, the firing after them is refused
 * by the broker before anything runs, the owner is charged exactly the three receipts, {@code
 * trigger list} shows the grant exhausted, and the audit is clean.
 */
class CronTriggerIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final Pattern REFUSED =
      Pattern.compile(
          "edgemarket_trigger_firings_total\\{kind=\"cron\",outcome=\"refused\"} ([0-9.]+)");

  @TempDir Path dir;

  @Test
  void aScheduleFiresUntilItsMaxCallsAndTheOwnerPaysExactlyThoseRuns() throws Exception {
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
      long before = balance(auditor, owner);

      Cli create =
          Cli.against(
              url,
              data,
              "trigger",
              "cron",
              "create",
              "upper",
              "--schedule",
              "*/1 * * * * *",
              "--input",
              "tick",
              "--max-calls",
              "3",
              "--json");
      assertEquals(0, create.exitCode(), create::toString);
      JsonNode created = Json.tree(create.out());
      String grantId = created.get("grantId").asText();
      assertEquals(3, created.get("next").size());

      GrantStatus paid =
          Await.until(
              "three firings paid on the ledger",
              () -> grant(auditor, grantId),
              g -> g.calls() >= 3);
      Await.until(
          "the broker refused the firing past maxCalls",
          () -> refusedFirings(market.brokerUrl()),
          n -> n >= 1);

      List<InvocationSummary> runs;
      try (EdgeMarket client =
          EdgeMarket.builder()
              .broker(market.brokerUrl())
              .identity(market.dir().identity("consumer"))
              .trustRoot(market.dir().trustRoot())
              .build()) {
        InvocationListing listing = client.invocations("upper", null);
        runs = listing.invocations();
        for (InvocationSummary run : runs) {
          assertEquals(InvocationResult.Status.OK, run.status(), run::toString);
          InvocationResult result = client.invocation(run.invocationId());
          assertEquals("TICK", new String(result.output(), StandardCharsets.UTF_8));
        }
      }
      assertEquals(3, runs.size(), "exactly three runs, no fourth: " + runs);
      long cost = 0;
      for (InvocationSummary run : runs) {
        String id = run.invocationId();
        Cli verify =
            Await.until(
                "receipt " + id + " settled",
                () -> Cli.against(url, data, "receipt", "verify", id),
                c -> c.exitCode() != ExitCodes.FAILED);
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("under grant " + grantId), verify::toString);
        cost += run.cost();
      }
      GrantStatus settled = grant(auditor, grantId);
      assertEquals(3, settled.calls(), "the ledger paid exactly three: " + paid);
      assertEquals(cost, settled.spend());
      assertEquals(before - cost, balance(auditor, owner), "charged exactly the three receipts");

      JsonNode listed = Json.tree(Cli.against(url, data, "trigger", "list", "--json").out());
      assertEquals(1, listed.size());
      assertEquals("exhausted", listed.get(0).get("status").asText());
      assertEquals("cron", listed.get(0).get("kind").asText());
      assertEquals(3, listed.get(0).get("calls").asLong());
      assertTrue(listed.get(0).get("nextFiring").isNull(), listed::toString);
      Cli audit = Cli.against(url, data, "audit");
      assertEquals(0, audit.exitCode(), audit::toString);
    }
  }

  private static GrantStatus grant(LedgerGateway auditor, String grantId) throws Exception {
    return Records.read(auditor.evaluate(Transactions.GET_GRANT, grantId), GrantStatus.class);
  }

  private static long balance(LedgerGateway auditor, String accountId) throws Exception {
    return Records.read(
            auditor.evaluate(Transactions.GET_BALANCE, accountId), Records.Balance.class)
        .balance();
  }

  private static double refusedFirings(URI broker) throws Exception {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(broker.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m = REFUSED.matcher(metrics.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
