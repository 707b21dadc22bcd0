package io.edgemarket.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.edgemarket.testing.Await;
import io.edgemarket.testing.Mosquitto;
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
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's "done when", the paper's manhole covers end to end: a sensor simulator publishes
 * readings to a real mosquitto; each reading runs the owner's anomaly detector (an MQTT grant), and
 * the detector's output runs the alert function only when it reports an anomaly (a chain grant with
 * condition {@code contains:ALERT}). Five readings, two of them anomalies: five detector runs, two
 * alerts with the detector's output as their input, none for the calm readings. Every step has its
 * own receipt, which verifies under its own grant, and the owner is charged exactly the seven
 * settled receipts; the audit is clean.
 */
class AnomalyChainIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final String TOPIC = "manholes/+/cover";
  private static final Pattern SKIPPED =
      Pattern.compile(
          "edgemarket_trigger_firings_total\\{kind=\"chain\",outcome=\"skipped\"} ([0-9.]+)");

  @TempDir Path dir;

  @Test
  void onlyAnomaliesReachTheAlertAndEveryStepIsPaidOnItsOwnReceipt() throws Exception {
    Path data = dir.resolve("market");
    try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"));
        LocalMarket market = LocalMarket.start(data, 0, 1, QUIET);
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
      deploy(url, data, "alert", "upper");
      long before = balance(auditor, owner);

      String sensorGrant =
          create(
              url,
              data,
              "mqtt",
              "detector",
              "--mqtt-url",
              mosquitto.url(),
              "--topic",
              TOPIC,
              "--max-calls",
              "20");
      String alertGrant =
          create(
              url,
              data,
              "chain",
              "alert",
              "--after",
              "detector",
              "--when",
              "contains:ALERT",
              "--max-calls",
              "20");
      mosquitto.awaitSubscribed(TOPIC);

      List<String> readings = List.of("42", "150", "7", "230", "99");
      MqttClient sensors = new MqttClient(mosquitto.url(), "manholes", new MemoryPersistence());
      sensors.connect();
      try {
        for (int i = 0; i < readings.size(); i++) {
          sensors.publish("manholes/m" + i + "/cover", readings.get(i).getBytes(UTF_8), 1, false);
        }
      } finally {
        sensors.disconnect();
        sensors.close();
      }

      List<InvocationSummary> detections =
          Await.until(
              "five detector runs",
              () -> done(client, "detector"),
              l -> l.size() >= readings.size());
      // Each calm reading was judged against the condition and fired nothing.
      Await.until("three calm readings judged", () -> skipped(market.brokerUrl()), n -> n >= 3);
      List<InvocationSummary> alerts =
          Await.until("two alerts", () -> done(client, "alert"), l -> l.size() >= 2);
      assertEquals(readings.size(), done(client, "detector").size());
      assertEquals(2, done(client, "alert").size(), "only the anomalies reach the alert");

      List<String> alerted = new ArrayList<>();
      for (InvocationSummary alert : alerts) {
        InvocationResult result = client.invocation(alert.invocationId());
        assertEquals(InvocationResult.Status.OK, result.status(), result::toString);
        alerted.add(new String(result.output(), UTF_8));
      }
      // upper of the detector's output: the alert saw what the detector said.
      assertEquals(List.of("ALERT 150\n", "ALERT 230\n"), alerted.stream().sorted().toList());

      long cost = 0;
      for (InvocationSummary run : concat(detections, alerts)) {
        String id = run.invocationId();
        Cli verify =
            Await.until(
                "receipt " + id + " settled",
                () -> Cli.against(url, data, "receipt", "verify", id),
                c -> c.exitCode() != ExitCodes.FAILED);
        assertEquals(0, verify.exitCode(), verify::toString);
        String grant = detections.contains(run) ? sensorGrant : alertGrant;
        assertTrue(verify.out().contains("under grant " + grant), verify::toString);
        cost += run.cost();
      }
      assertEquals(readings.size(), grant(auditor, sensorGrant).calls());
      assertEquals(2, grant(auditor, alertGrant).calls());
      assertEquals(before - cost, balance(auditor, owner), "charged exactly the seven receipts");
      Cli audit = Cli.against(url, data, "audit");
      assertEquals(0, audit.exitCode(), audit::toString);
    }
  }

  private static String create(String url, Path data, String kind, String... args)
      throws Exception {
    List<String> argv = new ArrayList<>(List.of("trigger", kind, "create"));
    argv.addAll(List.of(args));
    argv.add("--json");
    Cli create = Cli.against(url, data, argv.toArray(String[]::new));
    assertEquals(0, create.exitCode(), create::toString);
    return Json.tree(create.out()).get("grantId").asText();
  }

  private static List<InvocationSummary> done(EdgeMarket client, String function) throws Exception {
    return client.invocations(function, null).invocations().stream()
        .filter(s -> s.status() != InvocationResult.Status.PENDING)
        .toList();
  }

  private static List<InvocationSummary> concat(
      List<InvocationSummary> a, List<InvocationSummary> b) {
    List<InvocationSummary> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
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

  private static GrantStatus grant(LedgerGateway auditor, String grantId) throws Exception {
    return Records.read(auditor.evaluate(Transactions.GET_GRANT, grantId), GrantStatus.class);
  }

  private static long balance(LedgerGateway auditor, String accountId) throws Exception {
    return Records.read(
            auditor.evaluate(Transactions.GET_BALANCE, accountId), Records.Balance.class)
        .balance();
  }

  private static double skipped(URI broker) throws Exception {
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(broker.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m = SKIPPED.matcher(metrics.body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
