package io.edgemarket.sdk;

import io.edgemarket.model.api.SignInLink;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import java.time.Duration;

/** {@code POST /api/v1/sessions}: a one-time link that signs a browser in to the web UI as us. */
final class SignIn {
  private final BrokerHttp http;
  private final Duration timeout;

  SignIn(BrokerHttp http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  SignInLink link() throws QueryException {
    BrokerHttp.Answer answer;
    try {
      answer = http.sendPatiently("POST", "/api/v1/sessions", null, null, timeout);
    } catch (BrokerHttp.Unreachable e) {
      throw new QueryException(e.failure(null), e.getMessage(), e);
    }
    if (!answer.ok()) {
      throw new QueryException(
          answer.failure(null), "sign-in link: " + answer.problem().detail(), null);
    }
    try {
      return Json.read(answer.body(), SignInLink.class);
    } catch (IllegalArgumentException e) {
      throw new QueryException(
          Failure.of(ErrorCodes.INTERNAL), "unreadable sign-in link: " + e.getMessage(), e);
    }
  }
}
