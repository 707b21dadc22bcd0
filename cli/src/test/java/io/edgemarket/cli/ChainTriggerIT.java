package io.edgemarket.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvocationSummary;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, a chain end to end on a real market (embedded ledger, broker, agent, Wasm sandbox): the
 * paper's anomaly detector calls the alert function only on an anomaly. The owner chains alert
 * (echo) after detector (anomaly) when the output contains ALERT, invokes the detector with 50 and
 * 150: only the second reaches the alert, with the detector's output as its input; each step has
 * its own receipt, which verifies, and the owner is charged exactly the settled receipts. A loop
 * (ping after pong, pong after ping) stops at depth 8.
 */
class ChainTriggerIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final Pattern REFUSED = outcome("refused");
  private static final Pattern SKIPPED = outcome("skipped");

  @TempDir Path dir;

  @Test
  void theAlertRunsOnlyOnAnAnomalyAndEachStepIsPaidOnItsOwnReceipt() throws Exception {
    Path data = dir.resolve("market");
    try (LocalMarket market = LocalMarket.start(data, 0, 1, QUIET);
        LedgerGateway auditor =
            new RemoteLedgerGateway(market.brokerUrl(), market.dir().identity("auditor"));
        EdgeMarket client =
            EdgeMarket.builder()
                .broker(market.brokerUrl())
                .identity(market.dir().identity("consumer"))
                .trustRoot(market.dir().trustRoot())
                .build()) {
      String url = market.brokerUrl().toString();
      String owner = market.dir().identity("consumer").id();
      deploy(url, data, "detector", "anomaly");
      deploy(url, data, "alert", "echo");
      long before = balance(auditor, owner);

      Cli create =
          Cli.against(
              url,
              data,
              "trigger",
              "chain",
              "create",
              "alert",
              "--after",
              "detector",
              "--when",
              "contains:ALERT",
              "--max-calls",
              "10",
              "--json");
      assertEquals(0, create.exitCode(), create::toString);
      String grantId = Json.tree(create.out()).get("grantId").asText();
      assertEquals(owner + "/detector", Json.tree(create.out()).get("upstream").asText());

      InvocationResult calm = client.invoke("detector", bytes("50"), InvokeOptions.defaults());
      InvocationResult anomaly = client.invoke("detector", bytes("150"), InvokeOptions.defaults());
      assertEquals("OK\n", new String(calm.output(), UTF_8));
      assertEquals("ALERT 150\n", new String(anomaly.output(), UTF_8));

      List<InvocationSummary> alerts =
          Await.until(
              "the alert ran after the anomaly",
              () -> client.invocations("alert", null).invocations(),
              l -> !l.isEmpty() && l.get(0).status() != InvocationResult.Status.PENDING);
      // The calm reading was judged and fired nothing (a wrong alert would have been fired then).
      Await.until(
          "the calm reading judged", () -> firings(market.brokerUrl(), SKIPPED), n -> n >= 1);
      alerts = client.invocations("alert", null).invocations();
      assertEquals(1, alerts.size(), "only the anomaly fires the alert: " + alerts);
      InvocationResult alerted = client.invocation(alerts.get(0).invocationId());
      assertEquals(InvocationResult.Status.OK, alerted.status(), alerted::toString);
      assertEquals("ALERT 150\n", new String(alerted.output(), UTF_8), "the detector's output");

      List<String> ids = new ArrayList<>(List.of(calm.invocationId(), anomaly.invocationId()));
      ids.add(alerted.invocationId());
      for (String id : ids) {
        Cli verify =
            Await.until(
                "receipt " + id + " settled",
                () -> Cli.against(url, data, "receipt", "verify", id),
                c -> c.exitCode() != ExitCodes.FAILED);
        assertEquals(0, verify.exitCode(), verify::toString);
        assertEquals(
            id.equals(alerted.invocationId()),
            verify.out().contains("under grant " + grantId),
            verify::toString);
      }
      long cost = calm.cost() + anomaly.cost() + alerts.get(0).cost();
      GrantStatus settled = grant(auditor, grantId);
      assertEquals(1, settled.calls(), "the ledger paid one step under the chain");
      assertEquals(alerts.get(0).cost(), settled.spend());
      assertEquals(before - cost, balance(auditor, owner), "charged exactly the three receipts");

      // A loop: pong after ping, ping after pong. A direct ping is depth 0; 8 steps follow.
      deploy(url, data, "ping", "echo");
      deploy(url, data, "pong", "upper");
      for (String[] link : new String[][] {{"pong", "ping"}, {"ping", "pong"}}) {
        Cli chain =
            Cli.against(
                url,
                data,
                "trigger",
                "chain",
                "create",
                link[0],
                "--after",
                link[1],
                "--max-calls",
                "50");
        assertEquals(0, chain.exitCode(), chain::toString);
      }
      client.invoke("ping", bytes("x"), InvokeOptions.defaults());
      Await.until(
          "the step past depth 8 refused", () -> firings(market.brokerUrl(), REFUSED), n -> n >= 1);
      // Each step is fired by the one before it, so once the ninth is refused all eight have run.
      int pings = client.invocations("ping", null).invocations().size();
      int pongs = client.invocations("pong", null).invocations().size();
      assertEquals(1 + 4, pings, "the direct ping and four steps");
      assertEquals(4, pongs);
      Cli audit = Cli.against(url, data, "audit");
      assertEquals(0, audit.exitCode(), audit::toString);
    }
  }

  private static void deploy(String url, Path data, String name, String wasm) {
    Cli deploy =
        Cli.against(
            url,
            data,
            "function",
            "deploy",
            "--name",
            name,
            "--wasm",
            "../samples/wasm/" + wasm + ".wasm");
    assertEquals(0, deploy.exitCode(), deploy::toString);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static GrantStatus grant(LedgerGateway auditor, String grantId) throws Exception {
    return Records.read(auditor.evaluate(Transactions.GET_GRANT, grantId), GrantStatus.class);
  }

  private static long balance(LedgerGateway auditor, String accountId) throws Exception {
    return Records.read(
            auditor.evaluate(Transactions.GET_BALANCE, accountId), Records.Balance.class)
        .balance();
  }

  private static Pattern outcome(String outcome) {
    return Pattern.compile(
        "edgemarket_trigger_firings_total\\{kind=\"chain\",outcome=\"" + outcome + "\"} ([0-9.]+)");
  }

  private static double firings(URI broker, Pattern counter) throws Exception {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(broker.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m = counter.matcher(metrics.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
