package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationRequest;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.http.ApiError;
import io.edgemarket.model.http.SignedHeaders;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: {@code POST /api/v1/invocations} is authenticated by the consumer's ticket alone (the
 * request names the certificate; no request signature is checked). Each attack here is sent without
 * any request signature, as someone without the consumer's key would, and must fail: a ticket
 * signed by someone else, a ticket altered after signing, a ticket replayed (it runs nothing more
 * and charges nothing more), a certificate of another CA or role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TicketAuthenticationTest {
  private static final String INVOKE = "/api/v1/invocations";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private TestMarket market;
  private FakeAgent agent;
  private FunctionSpec echo;
  private Identity mallory;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 1, Duration.ofMillis(50));
    agent = market.provider("p1", 40, 10);
    echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(agent);
    mallory = market.ca.enroll("mallory", Role.CONSUMER);
    market.register(mallory);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  @Test
  void theTicketAloneAuthenticatesItsConsumer() {
    InvocationRequest request = market.request(echo, bytes("no request signature"), 100);
    Answer answer = certifiedOnly(market.consumer, INVOKE, request);
    assertEquals(200, answer.status, answer.text());
    InvocationResult result = Json.read(answer.body, InvocationResult.class);
    assertArrayEquals(bytes("NO REQUEST SIGNATURE"), result.output(), "the fake agent upper-cases");
  }

  @Test
  void noCertificateIs401AndAnotherCasIs401AndAnotherRoleIs403() {
    InvocationRequest request = market.request(echo, bytes("x"), 100);
    int before = agent.calls();
    assertEquals(401, send(null, INVOKE, Json.bytes(request)).status);
    Identity stranger = CertificateAuthority.create("EdgeMarketMSP").enroll("alice", Role.CONSUMER);
    assertEquals(401, certifiedOnly(stranger, INVOKE, request).status);
    Identity provider = market.ca.enroll("alice", Role.PROVIDER);
    assertEquals(403, certifiedOnly(provider, INVOKE, request).status);
    assertEquals(before, agent.calls(), "no provider was contacted");
  }

  @Test
  void aTicketSignedBySomeoneElseIsRefused() throws Exception {
    long aliceBefore = market.balance(market.consumer.id());
    int before = agent.calls();
    // Mallory signs a ticket in Alice's name and names Alice's certificate.
    InvocationRequest forged = market.request(mallory, echo, bytes("on alice"), 100);
    InvocationTicket inAlicesName =
        reSigned(mallory, withConsumer(forged.ticket(), market.consumer.id()));
    Answer asAlice =
        certifiedOnly(market.consumer, INVOKE, new InvocationRequest(inAlicesName, forged.input()));
    assertEquals(400, asAlice.status, asAlice.text());
    assertEquals("BAD_SIGNATURE", asAlice.code());
    // ... or names her own certificate: the ticket is not hers.
    Answer asMallory =
        certifiedOnly(mallory, INVOKE, new InvocationRequest(inAlicesName, forged.input()));
    assertEquals(403, asMallory.status, asMallory.text());
    assertEquals(before, agent.calls(), "no provider was contacted");
    assertEquals(aliceBefore, market.balance(market.consumer.id()));
  }

  @Test
  void anAlteredTicketOrInputIsRefused() {
    int before = agent.calls();
    InvocationRequest signed = market.request(echo, bytes("as signed"), 100);
    InvocationTicket t = signed.ticket();
    InvocationTicket dearer =
        new InvocationTicket(
            t.invocationId(),
            t.consumerId(),
            t.brokerId(),
            t.functionId(),
            t.functionDigest(),
            t.salt(),
            t.inputDigest(),
            t.maxPrice() * 10,
            t.issuedAt(),
            t.expiresAt() + 3_600_000,
            t.signature());
    Answer altered =
        certifiedOnly(market.consumer, INVOKE, new InvocationRequest(dearer, signed.input()));
    assertEquals(400, altered.status, altered.text());
    assertEquals("BAD_SIGNATURE", altered.code());
    Answer swapped =
        certifiedOnly(market.consumer, INVOKE, new InvocationRequest(t, bytes("swapped")));
    assertEquals(400, swapped.status, swapped.text());
    assertEquals(before, agent.calls(), "no provider was contacted");
  }

  @Test
  void aReplayedTicketRunsNothingAndCostsNothingMore() throws Exception {
    InvocationRequest request = market.request(echo, bytes("once only"), 100);
    SignedClient.Response first = market.client(market.consumer).post(INVOKE, request);
    assertEquals(200, first.status(), first.text());
    InvocationResult answered = first.as(InvocationResult.class);
    int calls = agent.calls();
    market.awaitSettlementIdle();
    long aliceBefore = market.balance(market.consumer.id());

    // Someone who saw the request (a provider it was sent to) replays it, sync and async.
    for (String path : new String[] {INVOKE, INVOKE + "?async=true", INVOKE + "?logs=true"}) {
      Answer replay = certifiedOnly(market.consumer, path, request);
      assertEquals(200, replay.status, path + ": " + replay.text());
      InvocationResult again = Json.read(replay.body, InvocationResult.class);
      assertEquals(answered.receipt(), again.receipt(), "the first answer, not a new run");
    }
    // Another ticket under the same id, signed by someone else: refused before the id is looked at.
    InvocationTicket other = reSigned(mallory, request.ticket());
    Answer reused =
        certifiedOnly(market.consumer, INVOKE, new InvocationRequest(other, request.input()));
    assertEquals(400, reused.status, reused.text());
    assertEquals(calls, agent.calls(), "the replays ran nothing");
    market.awaitSettlementIdle();
    assertEquals(aliceBefore, market.balance(market.consumer.id()), "and charged nothing");
  }

  private static InvocationTicket withConsumer(InvocationTicket t, String consumerId) {
    return new InvocationTicket(
        t.invocationId(),
        consumerId,
        t.brokerId(),
        t.functionId(),
        t.functionDigest(),
        t.salt(),
        t.inputDigest(),
        t.maxPrice(),
        t.issuedAt(),
        t.expiresAt(),
        t.signature());
  }

  /** {@code t} as it stands, signed with {@code signer}'s key. */
  private static InvocationTicket reSigned(Identity signer, InvocationTicket t) {
    String signature =
        Base64.getEncoder().encodeToString(signer.sign(t.withSignature(null).signingPayload()));
    return t.withSignature(signature);
  }

  private record Answer(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String code() {
      return Json.read(body, ApiError.class).error().code();
    }
  }

  /** The request with {@code who}'s certificate headers and no signature, nonce or timestamp. */
  private Answer certifiedOnly(Identity who, String path, InvocationRequest request) {
    return send(who, path, Json.bytes(request));
  }

  private Answer send(Identity who, String path, byte[] body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(market.broker().url() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (who != null) {
      builder.header(
          SignedHeaders.CERT,
          Base64.getEncoder()
              .encodeToString(who.certificatePem().getBytes(StandardCharsets.UTF_8)));
      builder.header(SignedHeaders.MSP, who.mspId());
    }
    try {
      HttpResponse<byte[]> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
