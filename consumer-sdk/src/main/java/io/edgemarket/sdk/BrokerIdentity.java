package io.edgemarket.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.time.Duration;

/**
 * The participant id of the broker this client talks to, read once from its health answer. A ticket
 * names it: only that broker may place the ticket on a provider and settle it, so a ticket that
 * leaks to another broker or provider is worth nothing to them.
 */
final class BrokerIdentity {
  private final BrokerHttp http;
  private final Duration timeout;
  private volatile String id;

  BrokerIdentity(BrokerHttp http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /**
   * The broker's id; asks the broker the first time, again and again while it is down or restarting
   * (its health answers with its id even while it starts), as {@code patience} allows.
   */
  String id(String invocationId, Patience patience) throws InvocationException {
    String known = id;
    if (known != null) {
      return known;
    }
    BrokerHttp.Answer answer;
    while (true) {
      try {
        answer = http.send("GET", "/api/v1/health", null, null, timeout);
        break;
      } catch (BrokerHttp.Unreachable e) {
        if (ErrorCodes.UNAVAILABLE.equals(e.code) && pause(patience)) {
          continue;
        }
        BrokerHttp.Unreachable last = patience.retried() ? e.after(patience.tried()) : e;
        throw new InvocationException(last.failure(invocationId), last.getMessage(), e);
      }
    }
    String found = null;
    try {
      JsonNode health =
          Json.tree(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
      found = health.path("brokerId").asText(null);
    } catch (IllegalArgumentException e) {
      // handled below: the broker did not say who it is
    }
    if (found == null || found.isBlank()) {
      throw new InvocationException(
          Failure.of(ErrorCodes.UNAVAILABLE).httpStatus(answer.status()).id(invocationId),
          "the broker did not say its participant id (GET /api/v1/health)",
          null);
    }
    id = found;
    return found;
  }

  private static boolean pause(Patience patience) {
    try {
      return patience.pauseBeforeRetry();
    } catch (InterruptedException e) {
      return false;
    }
  }
}
