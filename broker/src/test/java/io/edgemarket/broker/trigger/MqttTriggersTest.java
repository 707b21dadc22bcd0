package io.edgemarket.broker.trigger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.edgemarket.model.Grant;
import io.edgemarket.model.GrantTrigger;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Limits;
import io.edgemarket.model.ledger.Records.GrantStatus;
import io.edgemarket.testing.Await;
import io.edgemarket.testing.Mosquitto;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT triggers against a real mosquitto, with a fake invocation path. */
class MqttTriggersTest {
  @TempDir Path dir;

  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final List<String> fired = new CopyOnWriteArrayList<>();
  private Mosquitto mosquitto;
  private MqttTriggers triggers;
  private MqttClient sensor;

  @BeforeEach
  void start() throws Exception {
    mosquitto = Mosquitto.start(dir);
    triggers = new MqttTriggers("broker", this::fire, System::currentTimeMillis, outcomes::add);
    sensor = new MqttClient(mosquitto.url(), "sensor-sim", new MemoryPersistence());
    sensor.connect();
  }

  @AfterEach
  void stop() throws Exception {
    if (sensor != null) {
      sensor.disconnect();
      sensor.close();
    }
    if (triggers != null) {
      triggers.close();
    }
    if (mosquitto != null) {
      mosquitto.close();
    }
  }

  private InvocationResult fire(Grant grant, byte[] input, long maxPrice, String limitKey) {
    fired.add(grant.grantId() + ":" + new String(input, UTF_8) + ":" + limitKey);
    return new InvocationResult(
        "i-" + fired.size(),
        InvocationResult.Status.OK,
        new byte[0],
        null,
        null,
        40,
        "p",
        null,
        null,
        null,
        false,
        null);
  }

  private GrantStatus grant(String id, String topic, long maxCalls, Long revokedAt) {
    long now = System.currentTimeMillis();
    Grant grant =
        new Grant(
            id,
            "c",
            "c/anomaly",
            "d",
            "broker",
            GrantTrigger.mqtt(mosquitto.url(), topic),
            100,
            maxCalls,
            10_000,
            now - 1_000,
            now + 3_600_000,
            "sig");
    return new GrantStatus(grant, now, revokedAt, 0, 0);
  }

  private void listening() {
    Await.until("connected and subscribed", () -> triggers.listening());
  }

  private void publish(String topic, String payload) throws MqttException {
    sensor.publish(topic, payload.getBytes(UTF_8), 1, false);
  }

  @Test
  void eachMessageOnAMatchingTopicFiresOnceWithItsPayload() throws Exception {
    triggers.upsert(grant("g", "sensors/+/temp", 100, null));
    assertEquals(1, triggers.subscriptions());
    listening();
    publish("sensors/a/temp", "21.5");
    publish("sensors/b/humidity", "40"); // not matched
    publish("sensors/b/temp", "22.0");
    publish("sensors/a/temp", "21.5"); // the same reading again is a new message
    publish("sensors/b/temp", "end");
    // A grant's messages fire in the order they came: once the last one ("end") fired, a wrongly
    // matched humidity reading, published before it, would have fired too.
    Await.until("the last reading fired", () -> fired.contains("g:end:mqtt g"));
    assertEquals(4, fired.size(), fired::toString);
    assertEquals(
        List.of("g:21.5:mqtt g", "g:21.5:mqtt g", "g:22.0:mqtt g", "g:end:mqtt g"),
        fired.stream().sorted().toList());
    assertEquals("g:end:mqtt g", fired.get(3), "a grant's messages fire in the order they came");
    assertEquals(List.of("ok", "ok", "ok", "ok"), outcomes);
  }

  @Test
  void aRedeliveredMessageFiredAlreadyIsNotFiredAgain() {
    triggers.upsert(grant("g", "t", 100, null));
    MqttEntry entry = triggers.entry("g");
    assertNotNull(entry);
    triggers.fire(entry, "t", message(7, "r1", false));
    triggers.fire(entry, "t", message(7, "r1", true)); // QoS 1 redelivery: not paid twice
    triggers.fire(entry, "t", message(7, "r2", true)); // same id, other payload: another message
    triggers.fire(entry, "t", message(7, "r1", false)); // id reused for a new message: fires
    assertEquals(List.of("g:r1:mqtt g", "g:r2:mqtt g", "g:r1:mqtt g"), fired);
    assertEquals(List.of("ok", "refused", "ok", "ok"), outcomes);
  }

  @Test
  void aRevokedOrExhaustedGrantStopsListening() throws Exception {
    GrantStatus revocable = grant("g-revoked", "a", 100, null);
    triggers.upsert(revocable);
    triggers.upsert(grant("g-two", "b", 2, null));
    Grant c = grant("g-elsewhere", "c", 2, null).grant();
    triggers.upsert(new GrantStatus(withBroker(c, "broker-2"), 0, null, 0, 0)); // not ours
    assertEquals(2, triggers.subscriptions());
    listening();
    publish("a", "1");
    Await.until("the first grant fired", () -> fired.size() == 1);
    triggers.upsert(
        new GrantStatus(
            revocable.grant(), revocable.publishedAt(), System.currentTimeMillis(), 1, 40));
    Await.until("the revoked grant unsubscribed", () -> triggers.subscriptions() == 1);
    publish("a", "2"); // nobody listens any more
    publish("b", "1");
    publish("b", "2");
    publish("b", "3"); // past maxCalls 2: refused, then the grant stops
    Await.until("the exhausted grant unsubscribed", () -> triggers.subscriptions() == 0);
    assertEquals(
        List.of("g-revoked:1:mqtt g-revoked", "g-two:1:mqtt g-two", "g-two:2:mqtt g-two"), fired);
    assertEquals(0, triggers.live());
    assertEquals(List.of("ok", "ok", "ok", "refused"), outcomes);
  }

  @Test
  void anOversizedPayloadIsRefusedNotRun() throws Exception {
    triggers.upsert(grant("g", "big", 100, null));
    listening();
    sensor.publish("big", new byte[Limits.MAX_PAYLOAD_BYTES + 1], 1, false);
    Await.until("the big one refused", () -> outcomes.size() == 1);
    publish("big", "small");
    Await.until("the small one fired", () -> fired.size() == 1);
    assertEquals(List.of("g:small:mqtt g"), fired);
    assertEquals(List.of("refused", "ok"), outcomes);
  }

  private static Grant withBroker(Grant g, String brokerId) {
    return new Grant(
        g.grantId(),
        g.consumerId(),
        g.functionId(),
        g.functionDigest(),
        brokerId,
        g.trigger(),
        g.maxPricePerCall(),
        g.maxCalls(),
        g.maxSpend(),
        g.notBefore(),
        g.notAfter(),
        g.signature());
  }

  private static MqttMessage message(int id, String payload, boolean duplicate) {
    MqttMessage message =
        new MqttMessage(payload.getBytes(UTF_8)) {
          {
            setDuplicate(duplicate);
          }
        };
    message.setId(id);
    return message;
  }
}
