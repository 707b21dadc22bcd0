package io.edgemarket.model.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.CheckpointSource;
import io.edgemarket.model.ledger.Endorsement;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.LedgerTrust;
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
 *
 * <p>With a {@link LedgerTrust}, answers are believed only when the ledger endorsed them: each
 * request asks for the ledger's {@link Endorsement} (header {@value #ENDORSE_HEADER}), and an
 * answer without one, or whose endorsement does not verify against the pinned ledger certificate or
 * does not match the proposal and result, fails with BAD_SIGNATURE. A broker relaying the answers
 * then cannot make them up. Without a trust, answers are taken as the relay gives them.
 */
public final class RemoteLedgerGateway implements LedgerGateway, CheckpointSource {
  /** Asks the relay to return the ledger's endorsement of its answer. */
  public static final String ENDORSE_HEADER = "X-EdgeMarket-Endorse";

  /**
   * The relay's success body; {@code endorsement} only when asked for with {@link #ENDORSE_HEADER},
   * and left out otherwise, so older clients still read the body.
   */
  public record Result(
      String result,
      String transactionId,
      @JsonInclude(JsonInclude.Include.NON_NULL) Endorsement endorsement) {
    public Result(String result, String transactionId) {
      this(result, transactionId, null);
    }
  }

  private final URI base;
  private final Identity identity;
  private final HttpClient http;
  private final LedgerTrust trust;

  /**
   * @param trust whom to believe about the ledger's answers; null takes them unverified
   */
  public RemoteLedgerGateway(URI broker, Identity identity, HttpClient http, LedgerTrust trust) {
    this.base = broker;
    this.identity = identity;
    this.http = http;
    this.trust = trust;
  }

  public RemoteLedgerGateway(URI broker, Identity identity, HttpClient http) {
    this(broker, identity, http, null);
  }

  /** A gateway that believes only answers the ledger endorsed, as {@code trust} says. */
  public RemoteLedgerGateway(URI broker, Identity identity, LedgerTrust trust) {
    this(broker, identity, defaultClient(), trust);
  }

  public RemoteLedgerGateway(URI broker, Identity identity) {
    this(broker, identity, defaultClient(), null);
  }

  private static HttpClient defaultClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/api/v1/ledger/" + kind))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(proposal)));
    if (trust != null) {
      request.header(ENDORSE_HEADER, "true");
    }
    HttpResponse<String> response = send(request.build(), proposal.transactionId());
    if (response.statusCode() != 200) {
      throw failure(response, phase, proposal.transactionId());
    }
    Result result;
    try {
      result = Json.read(response.body(), Result.class);
    } catch (IllegalArgumentException e) {
      throw new LedgerException(
          phase,
          ErrorCodes.INTERNAL,
          proposal.transactionId(),
          "unreadable answer from the ledger relay at " + base + ": " + e.getMessage());
    }
    if (trust != null) {
      try {
        trust.verify(result.endorsement(), proposal, result.result(), phase == Phase.SUBMIT);
      } catch (LedgerException e) {
        throw new LedgerException(
            e.phase(),
            e.code(),
            e.transactionId(),
            "the ledger relay at "
                + base
                + " returned "
                + e.getMessage().replaceFirst(".*?: ", ""));
      }
    }
    return result.result();
  }

  /** {@code GET /api/v1/ledger/checkpoint}, verified when this gateway has a trust. */
  @Override
  public Checkpoint latestCheckpoint() throws LedgerException {
    return checkpoint("");
  }

  /** {@code GET /api/v1/ledger/checkpoint?height=N}, verified when this gateway has a trust. */
  @Override
  public Checkpoint checkpointAt(long height) throws LedgerException {
    return checkpoint("?height=" + height);
  }

  private Checkpoint checkpoint(String query) throws LedgerException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/v1/ledger/checkpoint" + query))
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build();
    HttpResponse<String> response = send(request, null);
    if (response.statusCode() != 200) {
      throw failure(response, Phase.EVALUATE, null);
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Json.read(response.body(), Checkpoint.class);
    } catch (IllegalArgumentException e) {
      throw new LedgerException(
          Phase.EVALUATE, ErrorCodes.INTERNAL, null, "unreadable checkpoint: " + e.getMessage());
    }
    if (trust != null) {
      trust.verify(checkpoint);
    }
    return checkpoint;
  }

  private HttpResponse<String> send(HttpRequest request, String txId) throws LedgerException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      Optional<String> untrusted = Tls.permanentFailure(e);
      if (untrusted.isPresent()) {
        throw new LedgerException(
            Phase.CONNECT,
            Tls.UNTRUSTED,
            txId,
            "refused the broker at " + base + ": " + untrusted.get(),
            e);
      }
      throw new LedgerException(
          Phase.CONNECT,
          ErrorCodes.UNAVAILABLE,
          txId,
          "ledger relay at " + base + " unreachable: " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerException(Phase.CONNECT, ErrorCodes.UNAVAILABLE, txId, "interrupted", e);
    }
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
