package io.edgemarket.model.http;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.SignedProposal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded ledger reached through a broker's relay ({@code POST /api/v1/ledger/submit} and
 * {@code /evaluate}). Proposals are signed here with the caller's own key and checked by the
 * ledger, so the relaying broker cannot act in the caller's name.
 */
public final class RemoteLedgerGateway implements LedgerGateway {
  /** The relay's success body. */
  public record Result(String result, String transactionId) {}

  private final URI base;
  private final Identity identity;
  private final HttpClient http;

  public RemoteLedgerGateway(URI broker, Identity identity, HttpClient http) {
    this.base = broker;
    this.identity = identity;
    this.http = http;
  }

  public RemoteLedgerGateway(URI broker, Identity identity) {
    this(broker, identity, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  @Override
  public Identity identity() {
    return identity;
  }

  @Override
  public String submit(String transaction, String... args) throws LedgerException {
    return call("submit", Phase.SUBMIT, transaction, args);
  }

  @Override
  public String evaluate(String transaction, String... args) throws LedgerException {
    return call("evaluate", Phase.EVALUATE, transaction, args);
  }

  private String call(String kind, Phase phase, String transaction, String... args)
      throws LedgerException {
    SignedProposal proposal =
        SignedProposal.create(identity, transaction, List.of(args), System.currentTimeMillis());
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/ledger/" + kind))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(proposal)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new LedgerException(
          Phase.CONNECT,
          ErrorCodes.UNAVAILABLE,
          proposal.transactionId(),
          "ledger relay at " + base + " unreachable: " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException(
          Phase.CONNECT, ErrorCodes.UNAVAILABLE, proposal.transactionId(), "interrupted", e);
    }
    if (response.statusCode() == 200) {
      return Json.read(response.body(), Result.class).result();
    }
    throw failure(response, phase, proposal.transactionId());
  }

  private static LedgerException failure(HttpResponse<String> response, Phase phase, String txId) {
    Optional<ApiError> problem = ApiError.read(response.body().getBytes(StandardCharsets.UTF_8));
    if (problem.isEmpty()) {
      return new LedgerException(
          phase,
          ErrorCodes.INTERNAL,
          txId,
          "HTTP " + response.statusCode() + ": " + response.body());
    }
    ApiError error = problem.get();
    Phase failedPhase = phaseOf(error.phase(), phase);
    return new LedgerException(failedPhase, error.code(), txId, error.detail());
  }

  private static Phase phaseOf(String name, Phase otherwise) {
    try {
      return name == null ? otherwise : Phase.valueOf(name);
    } catch (IllegalArgumentException e) {
      return otherwise; // a phase this client does not know
    }
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() on Java 17; its threads end with it.
  }
}
