package io.edgemarket.sdk;

import io.edgemarket.model.api.InvocationListing;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.Records;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** {@code GET /api/v1/invocations}: the caller's invocations the broker still knows. */
final class InvocationHistory {
  private final BrokerHttp http;
  private final KnownFunctions functions;
  private final Duration timeout;

  InvocationHistory(BrokerHttp http, KnownFunctions functions, Duration timeout) {
    this.http = http;
    this.functions = functions;
    this.timeout = timeout;
  }

  InvocationListing list(String functionName, Instant since) throws QueryException {
    StringBuilder path = new StringBuilder("/api/v1/invocations");
    String separator = "?";
    if (functionName != null) {
      path.append(separator)
          .append("function=")
          .append(URLEncoder.encode(functions.idOf(functionName), StandardCharsets.UTF_8));
      separator = "&";
    }
    if (since != null) {
      path.append(separator).append("since=").append(since.toEpochMilli());
    }
    BrokerHttp.Answer answer;
    try {
      answer = http.sendPatiently("GET", path.toString(), null, null, timeout);
    } catch (BrokerHttp.Unreachable e) {
      throw new QueryException(e.failure(null), e.getMessage(), e);
    }
    if (!answer.ok()) {
      throw new QueryException(
          answer.failure(null), "invocations: " + answer.problem().detail(), null);
    }
    try {
      return Records.read(
          new String(answer.body(), StandardCharsets.UTF_8), InvocationListing.class);
    } catch (IllegalArgumentException e) {
      throw new QueryException(
          Failure.of(ErrorCodes.INTERNAL), "unreadable invocation listing: " + e.getMessage(), e);
    }
  }
}
