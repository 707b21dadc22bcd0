package io.edgemarket.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code mqtt:<url>#<topic filter>}: which URLs and topic filters the ledger accepts. */
class MqttTriggerTest {

  @Test
  void aTriggerNamesTheBrokerUrlAndTheTopicFilterWhichMayHoldHash() {
    String text = GrantTrigger.mqtt("tcp://127.0.0.1:1883", "sensors/+/temp/#");
    assertEquals("mqtt:tcp://127.0.0.1:1883#sensors/+/temp/#", text);
    GrantTrigger trigger = GrantTrigger.parse(text);
    assertTrue(trigger.isMqtt());
    assertFalse(trigger.isCron());
    assertFalse(trigger.isRoute());
    assertEquals("tcp://127.0.0.1:1883", trigger.mqttUrl());
    assertEquals("sensors/+/temp/#", trigger.topic());
    assertTrue(GrantTrigger.parse(GrantTrigger.mqtt("ssl://mqtt.example.org:8883", "#")).isMqtt());
    assertTrue(GrantTrigger.parse(GrantTrigger.mqtt("tcp://[::1]:1883", "a//b")).isMqtt());
    assertTrue(GrantTrigger.parse(GrantTrigger.mqtt("tcp://m:1", "+")).isMqtt());
  }

  @Test
  void urlsOtherThanTcpOrSslHostPortAreRefused() {
    for (String url :
        new String[] {
          "tcp://m",
          "tcp://m:0",
          "tcp://m:65536",
          "http://m:1883",
          "ws://m:80",
          "tcp://user@m:1883",
          "tcp://m:1883/path",
          "tcp://-m:1883",
          "m:1883",
          ""
        }) {
      String problem = GrantTrigger.parse("mqtt:" + url + "#t").problem();
      assertTrue(problem != null && problem.contains("tcp|ssl"), url + ": " + problem);
      assertThrows(IllegalArgumentException.class, () -> GrantTrigger.mqtt(url, "t"), url);
    }
    assertTrue(GrantTrigger.parse("mqtt:tcp://m:1883").problem().contains("tcp|ssl"));
  }

  @Test
  void topicFiltersUseWildcardsOnlyAsWholeLevelsAndHashLast() {
    for (String topic :
        new String[] {
          "", "a/#/b", "a/b#", "a/+b", "sensor+", "a\0b", "#/a", "x".repeat(257),
        }) {
      String problem = GrantTrigger.parse("mqtt:tcp://m:1883#" + topic).problem();
      assertTrue(problem != null && problem.contains("topic filter"), topic + ": " + problem);
    }
    assertNull(GrantTrigger.parse("mqtt:tcp://m:1883#" + "x".repeat(256)).problem());
    assertNull(GrantTrigger.parse("mqtt:tcp://m:1883#/").problem());
    assertNull(GrantTrigger.parse("mqtt:tcp://m:1883#a/+/+/#").problem());
  }

  @Test
  void theWholeTriggerFitsTheLedgersLimit() {
    String longHost = "h".repeat(250);
    assertThrows(
        IllegalArgumentException.class,
        () -> GrantTrigger.mqtt("tcp://" + longHost + ":1883", "t".repeat(256)));
  }
}
