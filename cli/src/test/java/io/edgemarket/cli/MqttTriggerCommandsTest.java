package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Records.GrantStatus;
import org.junit.jupiter.api.Test;

/** trigger mqtt create and how trigger list shows it, against a fake broker and ledger. */
class MqttTriggerCommandsTest extends FakeMarketFixture {

  @Test
  void createSignsTheUrlAndTopicAndListShowsThem() throws Exception {
    deploy("anomaly");
    Cli create =
        cli(
            "trigger",
            "mqtt",
            "create",
            "anomaly",
            "--mqtt-url",
            "tcp://127.0.0.1:1883",
            "--topic",
            "sensors/+/temp",
            "--max-calls",
            "5",
            "--max-spend",
            "700");
    assertEquals(0, create.exitCode(), create::toString);
    GrantStatus stored = ledger.grants.grants.values().iterator().next();
    assertTrue(create.out().startsWith("grant       " + stored.grant().grantId() + "\n"));
    assertTrue(create.out().contains("mqtt        tcp://127.0.0.1:1883\n"), create::toString);
    assertTrue(create.out().contains("topic       sensors/+/temp\n"), create::toString);
    assertEquals(
        GrantTrigger.mqtt("tcp://127.0.0.1:1883", "sensors/+/temp"), stored.grant().trigger());
    assertEquals(5, stored.grant().maxCalls());
    assertEquals(700, stored.grant().maxSpend());
    assertTrue(stored.grant().verify(market.consumer.certificate().getPublicKey()));

    Cli list = cli("trigger", "list");
    assertTrue(list.out().contains(" mqtt "), list::toString);
    assertTrue(list.out().contains("tcp://127.0.0.1:1883 topic sensors/+/temp"), list::toString);
    JsonNode listed = Json.tree(cli("trigger", "list", "--json").out()).get(0);
    assertEquals("mqtt", listed.get("kind").asText());
    assertEquals("tcp://127.0.0.1:1883", listed.get("mqttUrl").asText());
    assertEquals("sensors/+/temp", listed.get("topic").asText());
    assertEquals(0, listed.get("calls").asLong());

    JsonNode json =
        Json.tree(
            cli(
                    "trigger",
                    "mqtt",
                    "create",
                    "anomaly",
                    "--mqtt-url",
                    "ssl://mqtt.example.org:8883",
                    "--topic",
                    "plant/#",
                    "--max-calls",
                    "10",
                    "--json")
                .out());
    assertEquals("ssl://mqtt.example.org:8883", json.get("mqttUrl").asText());
    assertEquals("plant/#", json.get("topic").asText());
    assertEquals(10, json.get("maxCalls").asLong());
  }

  @Test
  void aBadUrlOrTopicOrNoMaxCallsIsRefusedBeforeAnythingIsSigned() throws Exception {
    deploy("anomaly");
    Cli http = create("http://m:1883", "t", "3");
    assertEquals(ExitCodes.USAGE, http.exitCode(), http::toString);
    assertTrue(http.stderr().contains("tcp|ssl"), http::toString);
    Cli wildcard = create("tcp://m:1883", "a/#/b", "3");
    assertEquals(ExitCodes.USAGE, wildcard.exitCode(), wildcard::toString);
    assertTrue(wildcard.stderr().contains("# only as its last level"), wildcard::toString);
    Cli unbounded =
        cli("trigger", "mqtt", "create", "anomaly", "--mqtt-url", "tcp://m:1883", "--topic", "t");
    assertEquals(ExitCodes.USAGE, unbounded.exitCode(), unbounded::toString);
    assertTrue(unbounded.stderr().contains("--max-calls"), unbounded::toString);
    assertTrue(ledger.grants.grants.isEmpty());
  }

  @Test
  void helpExplainsTheCommand() {
    Cli help = Cli.run("trigger", "mqtt", "create", "--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("QoS 1"), help::toString);
    assertTrue(help.out().contains("'sensors/+/temperature'"), help::toString);
    assertTrue(help.out().contains("--max-price-per-call"), help::toString);
    assertTrue(help.out().contains("up --mqtt"), help::toString);
    String trigger = Cli.run("trigger", "--help").out().replaceAll("\\s+", " ");
    assertTrue(trigger.contains("'trigger mqtt create' on each message of an MQTT topic"), trigger);
  }

  private Cli create(String url, String topic, String maxCalls) {
    return cli(
        "trigger",
        "mqtt",
        "create",
        "anomaly",
        "--mqtt-url",
        url,
        "--topic",
        topic,
        "--max-calls",
        maxCalls);
  }
}
