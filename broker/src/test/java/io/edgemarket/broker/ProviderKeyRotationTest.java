package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.broker.testing.FakeAgent;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.CertificateRotation;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Transactions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that rotates its certificate keeps being paid without the broker restarting, and its
 * old key, once replaced (lost or stolen), no longer gets a receipt accepted. The broker kept each
 * provider's key forever, so after a rotation it took every honest receipt for a forgery.
 */
class ProviderKeyRotationTest {
  @TempDir Path dir;
  private TestMarket market;
  private FakeAgent rotating;
  private FakeAgent other;
  private FunctionSpec echo;
  private SignedClient alice;

  @BeforeEach
  void startMarket() throws Exception {
    market = new TestMarket(dir, 2, Duration.ofMillis(50));
    rotating = market.provider("cheap", 10, 10);
    other = market.provider("dear", 20, 10);
    echo = market.deploy(market.consumer, "echo", 1_000);
    market.awaitServing(rotating, other);
    alice = market.client(market.consumer);
  }

  @AfterEach
  void stopMarket() {
    market.close();
  }

  @Test
  void aRotatedProviderIsServedAndItsOldKeyIsRefused() throws Exception {
    // The other provider is busy throughout: every call must be the rotating provider's.
    other.mode(FakeAgent.Mode.BUSY);
    assertEquals(rotating.identity().id(), served().providerId());
    // Settled before the rotation: the ledger checks a receipt against the certificate it holds
    // when the batch commits (SECURITY.md's known limits).
    market.awaitSettlementIdle();
    long earnedBefore = market.balance(rotating.identity().id());
    assertTrue(earnedBefore > 0);

    Identity old = rotating.identity();
    Identity renewed = market.ca.enroll(Certificates.commonName(old.certificate()), Role.PROVIDER);
    CertificateRotation rotation = CertificateRotation.sign(old, renewed.certificatePem());
    market.gateway(renewed).submit(Transactions.ROTATE_CERTIFICATE, Json.write(rotation));
    rotating.signWith(renewed, market.client(renewed));

    assertEquals(rotating.identity().id(), served().providerId(), "the new key is accepted");
    assertEquals(0, faults(rotating), "an honest receipt under the new key is no fault");
    market.awaitSettlementIdle();
    assertTrue(market.balance(rotating.identity().id()) > earnedBefore, "and it is paid");

    // Past ProviderKeys.REREAD_MILLIS (1 s), so that the broker may consult the ledger again.
    Thread.sleep(1_100);
    rotating.signWith(old, market.client(old));
    SignedClient.Response withTheOldKey = post();
    assertEquals(502, withTheOldKey.status(), "the old key's receipt is refused");
    assertEquals(1, faults(rotating));
  }

  private InvocationResult served() {
    SignedClient.Response response = post();
    assertEquals(200, response.status(), response.text());
    return response.as(InvocationResult.class);
  }

  private SignedClient.Response post() {
    return alice.post(
        "/api/v1/invocations",
        market.request(echo, "rotate".getBytes(StandardCharsets.UTF_8), 1000));
  }

  private int faults(FakeAgent agent) {
    JsonNode status = Json.tree(market.client(null).get("/api/v1/public/market").text());
    for (JsonNode p : status.get("providers")) {
      if (p.get("providerId").asText().equals(agent.identity().id())) {
        return p.get("faults").asInt();
      }
    }
    throw new AssertionError("provider " + agent.identity().id() + " not listed: " + status);
  }
}
