package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, an MQTT topic end to end on a real market (embedded ledger, broker, agent, Wasm
 * sandbox) and a real mosquitto: the owner runs the anomaly check on each manhole cover reading
 * published on {@code manholes/+/cover}, at most 4 calls; a sensor simulator publishes three
 * readings (and one on a topic the filter does not match), each runs the function once with the
 * reading as input; three more readings, and only the fourth call runs: the grant is exhausted and
 * the broker unsubscribes. The owner is charged exactly the four settled receipts, each of which
 * verifies under the grant; {@code trigger list} shows the calls; the audit is clean.
 */
class MqttTriggerIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final String TOPIC = "manholes/+/cover";

  @TempDir Path dir;

  @Test
  void eachReadingRunsTheFunctionOnceUntilMaxCallsAndTheOwnerPaysExactlyThoseRuns()
      throws Exception {
    Path data = dir.resolve("market");
    try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosquitto"));
        LocalMarket market = LocalMarket.start(data, 0, 1, QUIET);
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
              "anomaly",
              "--wasm",
              "../samples/wasm/anomaly.wasm");
      assertEquals(0, deploy.exitCode(), deploy::toString);
      long before = balance(auditor, owner);

      Cli create =
          Cli.against(
              url,
              data,
              "trigger",
              "mqtt",
              "create",
              "anomaly",
              "--mqtt-url",
              mosquitto.url(),
              "--topic",
              TOPIC,
              "--max-calls",
              "4",
              "--json");
      assertEquals(0, create.exitCode(), create::toString);
      String grantId = Json.tree(create.out()).get("grantId").asText();
      mosquitto.awaitSubscribed(TOPIC);

      try (Sensors sensors = new Sensors(mosquitto.url())) {
        sensors.publish("manholes/m1/cover", "42");
        sensors.publish("manholes/m2/cover", "150");
        sensors.publish("manholes/m1/temperature", "19"); // not the grant's topic
        sensors.publish("manholes/m3/cover", "7");
        Await.until(
            "three readings paid on the ledger", () -> grant(auditor, grantId).calls() >= 3);
        assertEquals(List.of("ALERT 150\n", "OK\n", "OK\n"), outputs(market, 3));

        sensors.publish("manholes/m1/cover", "101");
        sensors.publish("manholes/m2/cover", "102");
        sensors.publish("manholes/m3/cover", "103");
        mosquitto.awaitLogged("Received UNSUBSCRIBE"); // exhausted: the broker stops listening
      }
      GrantStatus paid =
          Await.until("four readings paid", () -> grant(auditor, grantId), g -> g.calls() >= 4);
      List<String> outputs = outputs(market, 4);
      assertEquals(4, outputs.size(), outputs::toString);
      assertEquals(1, outputs.stream().filter(o -> o.matches("ALERT 10[123]\n")).count());

      List<InvocationSummary> runs = runs(market);
      assertEquals(4, runs.size(), "exactly four runs, past maxCalls none: " + runs);
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
      assertEquals(4, settled.calls(), "the ledger paid exactly four: " + paid);
      assertEquals(cost, settled.spend());
      assertEquals(before - cost, balance(auditor, owner), "charged exactly the four receipts");

      JsonNode listed = Json.tree(Cli.against(url, data, "trigger", "list", "--json").out());
      assertEquals(1, listed.size());
      assertEquals("exhausted", listed.get(0).get("status").asText());
      assertEquals("mqtt", listed.get(0).get("kind").asText());
      assertEquals(TOPIC, listed.get(0).get("topic").asText());
      assertEquals(4, listed.get(0).get("calls").asLong());
      Cli audit = Cli.against(url, data, "audit");
      assertEquals(0, audit.exitCode(), audit::toString);
    }
  }

  /** The outputs of the owner's anomaly runs, once there are {@code count}, sorted. */
  private List<String> outputs(LocalMarket market, int count) throws Exception {
    List<InvocationSummary> runs =
        Await.until("" + count + " runs", () -> runs(market), r -> r.size() >= count);
    List<String> outputs = new ArrayList<>();
    try (EdgeMarket client = client(market)) {
      for (InvocationSummary run : runs) {
        assertEquals(InvocationResult.Status.OK, run.status(), run::toString);
        InvocationResult result = client.invocation(run.invocationId());
        outputs.add(new String(result.output(), StandardCharsets.UTF_8));
      }
    }
    return outputs.stream().sorted().toList();
  }

  private static List<InvocationSummary> runs(LocalMarket market) throws Exception {
    try (EdgeMarket client = client(market)) {
      return client.invocations("anomaly", null).invocations();
    }
  }

  private static EdgeMarket client(LocalMarket market) throws Exception {
    return EdgeMarket.builder()
        .broker(market.brokerUrl())
        .identity(market.dir().identity("consumer"))
        .trustRoot(market.dir().trustRoot())
        .build();
  }

  private static GrantStatus grant(LedgerGateway auditor, String grantId) throws Exception {
    return Records.read(auditor.evaluate(Transactions.GET_GRANT, grantId), GrantStatus.class);
  }

  private static long balance(LedgerGateway auditor, String accountId) throws Exception {
    return Records.read(
            auditor.evaluate(Transactions.GET_BALANCE, accountId), Records.Balance.class)
        .balance();
  }

  /** A sensor simulator: publishes readings at QoS 1, as a field device would. */
  private static final class Sensors implements AutoCloseable {
    private final MqttClient client;

    Sensors(String url) throws Exception {
      client = new MqttClient(url, "manhole-sensors", new MemoryPersistence());
      client.connect();
    }

    void publish(String topic, String reading) throws Exception {
      client.publish(topic, reading.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws MqttException {
      client.disconnect();
      client.close();
    }
  }
}
