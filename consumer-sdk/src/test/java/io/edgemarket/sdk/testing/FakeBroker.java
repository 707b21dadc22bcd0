package io.edgemarket.sdk.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.http.AuthenticationException;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.http.RequestVerifier;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.Endorsement;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.SignedProposal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A tiny broker on {@code com.sun.net.httpserver} speaking the HTTP contract of docs/http-api.md:
 * it authenticates signed requests exactly as the real one must, relays ledger proposals to a
 * {@link FakeLedger}, stores blobs, and answers invocations through {@link FakeInvocations}, whose
 * answers tests can tamper with. Like the embedded ledger behind the real relay, it endorses its
 * ledger answers when asked, with a ledger (orderer) identity of the test CA, over a chain of one
 * block whose checkpoint it hands out; {@link #forgeAnswers} makes up answers after signing.
 */
public final class FakeBroker implements AutoCloseable {
  public final TestMarket market;
  public final FakeLedger ledger;
  public final FakeInvocations invocations;
  private final HttpServer server;
  private final RequestVerifier verifier;
  private final Identity ledgerSigner;
  private final String ledgerId = Crypto.randomHex(32);

  /** Applied to each relayed ledger result after the ledger endorsed it: a lying relay. */
  public volatile UnaryOperator<String> forgeAnswers = UnaryOperator.identity();

  public FakeBroker(TestMarket market, FakeLedger ledger) throws IOException {
    this(market, ledger, 0);
  }

  /** A broker on {@code port} (0: any free one): the same port again is a restarted broker. */
  public FakeBroker(TestMarket market, FakeLedger ledger, int port) throws IOException {
    this.market = market;
    this.ledger = ledger;
    this.invocations = new FakeInvocations(market, ledger);
    this.verifier = new RequestVerifier(market.ca.certificate(), TestMarket.MSP);
    this.ledgerSigner = market.ca.enroll("embedded-ledger", Role.ORDERER);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/api/v1/", this::handle);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      String method = exchange.getRequestMethod();
      if (path.equals("/api/v1/ledger/checkpoint")) {
        respond(
            exchange,
            200,
            Checkpoint.sign(ledgerSigner, ledgerId, 1, ledgerId, System.currentTimeMillis()));
        return;
      }
      if (path.startsWith("/api/v1/ledger/")) {
        relay(exchange, path.endsWith("/submit"), body);
        return;
      }
      if (path.equals("/api/v1/health")) {
        respond(
            exchange,
            200,
            java.util.Map.of(
                "status",
                "UP",
                "ledger",
                "fake",
                "providers",
                1,
                "offers",
                1,
                "brokerId",
                market.broker.id()));
        return;
      }
      AuthenticatedCaller caller;
      try {
        caller =
            verifier.verify(
                method,
                path + (query == null ? "" : "?" + query),
                body,
                name -> exchange.getRequestHeaders().getFirst(name));
      } catch (AuthenticationException e) {
        respond(exchange, 401, ApiError.of(401, ErrorCodes.UNAUTHENTICATED, e.getMessage()));
        return;
      }
      FakeInvocations.Reply reply = invocations.handle(caller, method, path, query, body);
      if (reply.retryAfter() != null) {
        exchange.getResponseHeaders().set("Retry-After", reply.retryAfter());
      }
      respond(exchange, reply.status(), reply.body());
    }
  }

  private void relay(HttpExchange exchange, boolean submit, byte[] body) throws IOException {
    SignedProposal proposal = Json.read(body, SignedProposal.class);
    if (!proposal.signatureValid()) {
      respond(
          exchange, 401, ApiError.of(401, ErrorCodes.UNAUTHENTICATED, "bad proposal signature"));
      return;
    }
    X509Certificate cert = Pem.certificate(proposal.creatorPem());
    FakeLedger.Caller caller =
        new FakeLedger.Caller(
            Certificates.participantId(Certificates.commonName(cert), proposal.mspId()),
            Certificates.role(cert).attributeValue(),
            proposal.mspId(),
            proposal.creatorPem());
    try {
      String result = ledger.handle(caller, proposal.transaction(), List.copyOf(proposal.args()));
      Endorsement endorsement =
          exchange.getRequestHeaders().getFirst(RemoteLedgerGateway.ENDORSE_HEADER) == null
              ? null
              : Endorsement.sign(ledgerSigner, ledgerId, proposal, result, submit, 1, ledgerId);
      respond(
          exchange,
          200,
          new RemoteLedgerGateway.Result(
              forgeAnswers.apply(result), proposal.transactionId(), endorsement));
    } catch (LedgerException e) {
      int status =
          switch (e.code()) {
            case ErrorCodes.FORBIDDEN -> 403;
            case ErrorCodes.NOT_FOUND -> 404;
            case ErrorCodes.INSUFFICIENT_FUNDS -> 402;
            default -> 400;
          };
      String phase =
          (submit ? LedgerException.Phase.ENDORSE : LedgerException.Phase.EVALUATE).name();
      respond(
          exchange,
          status,
          ApiError.of(status, e.code(), e.getMessage(), phase, proposal.transactionId()));
    }
  }

  static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", body instanceof ApiError ? ApiError.MEDIA_TYPE : "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
