package io.edgemarket.sdk;

import io.edgemarket.model.json.Json;
import java.time.Duration;

/**
 * {@code POST /api/v1/explorer/audit-report}: hands an audit's report to the broker, which keeps
 * the latest one for the web UI's ledger explorer. The broker vouches for nothing in it; it is the
 * auditor's signed word, shown with the auditor's name.
 */
final class AuditPublication {
  static final String PATH = "/api/v1/explorer/audit-report";

  private final BrokerHttp http;
  private final Duration timeout;

  AuditPublication(BrokerHttp http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  void publish(AuditReport report) throws QueryException {
    BrokerHttp.Answer answer;
    try {
      // Safe to repeat: the broker keeps the latest report, and this one again is the latest.
      answer = http.sendPatiently("POST", PATH, Json.bytes(report), "application/json", timeout);
    } catch (BrokerHttp.Unreachable e) {
      throw new QueryException(e.failure(null), e.getMessage(), e);
    }
    if (!answer.ok()) {
      throw new QueryException(
          answer.failure(null), "publishing the audit report: " + answer.problem().detail(), null);
    }
  }
}
