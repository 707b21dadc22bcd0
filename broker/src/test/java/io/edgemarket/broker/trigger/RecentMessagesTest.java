package io.edgemarket.broker.trigger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which MQTT messages count as redeliveries of one fired already. */
class RecentMessagesTest {
  private static String key(String grant, int id, String payload) {
    return RecentMessages.key(grant, id, payload.getBytes(UTF_8));
  }

  @Test
  void onlyADuplicateOfAMessageFiredIsRefused() {
    RecentMessages recent = new RecentMessages(100);
    assertTrue(recent.admit(key("g", 1, "a"), false));
    assertFalse(recent.admit(key("g", 1, "a"), true), "QoS 1 redelivery");
    assertTrue(recent.admit(key("g", 1, "a"), false), "an id reused by a new message fires");
    assertTrue(recent.admit(key("g", 2, "a"), true), "a duplicate of one never fired fires");
    assertTrue(recent.admit(key("g2", 1, "a"), true), "another grant's");
    assertTrue(recent.admit(key("g", 1, "b"), true), "another payload under the same id");
  }

  @Test
  void aFiringThatChargedNothingIsForgottenSoItsRedeliveryFires() {
    RecentMessages recent = new RecentMessages(100);
    recent.admit(key("g", 1, "a"), false);
    recent.forget(key("g", 1, "a"));
    assertTrue(recent.admit(key("g", 1, "a"), true));
  }

  @Test
  void itIsBoundedAndForgetsTheOldestFirst() {
    RecentMessages recent = new RecentMessages(3);
    for (int id = 1; id <= 5; id++) {
      recent.admit(key("g", id, "x"), false);
    }
    assertEquals(3, recent.size());
    assertTrue(recent.admit(key("g", 1, "x"), true), "forgotten");
    assertFalse(recent.admit(key("g", 5, "x"), true), "kept");
    assertNotEquals(key("g", 12, "x"), key("g1", 2, "x"));
  }
}
