package io.edgemarket.agent;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The checks both the provider agent's and the verifier's builders make of the settings they share,
 * each returning the value or throwing an IllegalArgumentException that names it.
 */
final class SettingChecks {
  private SettingChecks() {}

  static URI broker(URI value) {
    Objects.requireNonNull(value, "broker");
    require(
        value.isAbsolute() && value.getHost() != null && value.getScheme().startsWith("http"),
        "broker must be an absolute http(s) URL: " + value);
    return value;
  }

  static Identity identity(Identity value, Role role) {
    Objects.requireNonNull(value, "identity");
    require(value.role() == role, "identity must have role " + role + ", has " + value.role());
    return value;
  }

  static String bindHost(String value) {
    require(value != null && !value.isBlank(), "bindHost must not be blank");
    return value;
  }

  static int port(int value) {
    require(value >= 0 && value <= 65_535, "port must be 0..65535: " + value);
    return value;
  }

  static Duration heartbeatInterval(Duration value) {
    Objects.requireNonNull(value, "heartbeatInterval");
    require(value.toMillis() >= 10, "heartbeatInterval must be at least 10 ms: " + value);
    return value;
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
