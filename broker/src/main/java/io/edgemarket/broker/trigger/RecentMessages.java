package io.edgemarket.broker.trigger;

import io.edgemarket.model.crypto.Crypto;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MQTT messages fired lately, by grant, message id and payload hash, so that a QoS 1 redelivery
 * of one already fired (the MQTT broker did not get our acknowledgement) is not paid twice. Only
 * messages flagged as duplicates are looked up: message ids are reused once acknowledged, so a
 * fresh message with a remembered id and payload is a new reading and fires. Bounded: the oldest
 * are forgotten first.
 */
final class RecentMessages {
  private final Map<String, Boolean> recent;

  RecentMessages(int capacity) {
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  static String key(String grantId, int messageId, byte[] payload) {
    return grantId + "|" + messageId + "|" + Crypto.sha256Hex(payload);
  }

  /**
   * Whether to fire the message of {@code key}: false only for a duplicate already fired. Either
   * way it is remembered as fired from now.
   */
  synchronized boolean admit(String key, boolean duplicate) {
    boolean seen = recent.put(key, Boolean.TRUE) != null;
    return !(duplicate && seen);
  }

  /** The firing of {@code key} charged nothing: a redelivery may fire it again. */
  synchronized void forget(String key) {
    recent.remove(key);
  }

  synchronized int size() {
    return recent.size();
  }
}
