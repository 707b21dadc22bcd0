package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.enroll.EnrollmentMessages.EnrollRequest;
import io.edgemarket.broker.enroll.EnrollmentMessages.Enrollment;
import io.edgemarket.broker.enroll.EnrollmentMessages.IssuedToken;
import io.edgemarket.broker.enroll.EnrollmentMessages.TokenRequest;
import io.edgemarket.broker.testing.SignedClient;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Enrollment tokens and enrollment over real HTTP, against a real broker and ledger. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnrollmentTest {
  private static final String TOKENS = "/api/v1/enrollment/tokens";
  private static final String ENROLL = "/api/v1/enroll";

  @TempDir static Path dir;
  private TestMarket market;
  private SignedClient open;

  @BeforeAll
  void startMarket() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(50));
    open = market.client(null);
  }

  @AfterAll
  void stopMarket() {
    market.close();
  }

  private IssuedToken token(String role, String name) {
    SignedClient.Response response =
        market.client(market.admin).post(TOKENS, new TokenRequest(role, name, null));
    assertEquals(201, response.status(), response::text);
    return response.as(IssuedToken.class);
  }

  private SignedClient.Response enroll(String token, String name, KeyPair pair) {
    return open.post(ENROLL, new EnrollRequest(token, name, Pem.encode(pair.getPublic())));
  }

  @Test
  void aTokenBuysOneCertificateThatSignsRequests() {
    IssuedToken token = token("provider", "carol");
    assertEquals(43, token.token().length(), "32 bytes, base64url without padding");
    assertTrue(token.expiresAt() > System.currentTimeMillis());
    KeyPair pair = Crypto.newKeyPair();

    SignedClient.Response response = enroll(token.token(), null, pair);
    assertEquals(201, response.status(), response::text);
    Enrollment enrollment = response.as(Enrollment.class);
    assertEquals("carol@EdgeMarketMSP", enrollment.id());
    assertEquals(Pem.encode(market.ca.certificate()), enrollment.caCertificatePem());
    Identity carol =
        new Identity(
            enrollment.mspId(), Pem.certificate(enrollment.certificatePem()), pair.getPrivate());
    assertEquals(Role.PROVIDER, carol.role());
    assertTrue(market.ca.trusts(carol.certificate()));
    assertEquals(200, market.client(carol).get("/api/v1/offers").status());

    SignedClient.Response reused = enroll(token.token(), null, Crypto.newKeyPair());
    assertEquals(401, reused.status());
    assertEquals("UNAUTHENTICATED", reused.error().code());
    SignedClient.Response unknown = enroll("not-a-token", null, Crypto.newKeyPair());
    assertEquals(401, unknown.status());
    assertEquals(reused.error().message(), unknown.error().message(), "no way to probe tokens");
  }

  @Test
  void onlyAdminsIssueTokensAndOnlyForContributorRoles() {
    SignedClient.Response asConsumer =
        market.client(market.consumer).post(TOKENS, new TokenRequest("provider", null, null));
    assertEquals(403, asConsumer.status());
    assertEquals("FORBIDDEN", asConsumer.error().code());
    assertEquals(401, open.post(TOKENS, new TokenRequest("provider", null, null)).status());
    for (String role : new String[] {"admin", "broker", "orderer", "wizard"}) {
      SignedClient.Response response =
          market.client(market.admin).post(TOKENS, new TokenRequest(role, null, null));
      assertEquals(400, response.status(), role);
    }
    SignedClient.Response tooLong =
        market.client(market.admin).post(TOKENS, new TokenRequest("consumer", null, 8L * 86400));
    assertEquals(400, tooLong.status());
  }

  @Test
  void takenNamesAre409AndTheTokenSurvivesTheRefusal() {
    IssuedToken first = token("consumer", "dave");
    assertEquals(201, enroll(first.token(), null, Crypto.newKeyPair()).status());

    IssuedToken second = token("consumer", null);
    SignedClient.Response again = enroll(second.token(), "dave", Crypto.newKeyPair());
    assertEquals(409, again.status(), again::text);
    assertEquals("ALREADY_EXISTS", again.error().code());
    SignedClient.Response onLedger = enroll(second.token(), "alice", Crypto.newKeyPair());
    assertEquals(409, onLedger.status(), "alice is a registered participant");
    assertEquals(201, enroll(second.token(), "erin", Crypto.newKeyPair()).status());
  }

  @Test
  void malformedKeysAndNamesAre400() {
    IssuedToken token = token("auditor", null);
    SignedClient.Response garbage =
        open.post(ENROLL, new EnrollRequest(token.token(), "frank", "not a key"));
    assertEquals(400, garbage.status());
    String rsa =
        "-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMvQ1wKSm8P0Sd2vUkfXHKbbN0V2bVdu\n"
            + "C8mCBmVlC1yd4GBkl8Bv2YIcNJ5LWv0FvR0SIDu/1Vq0CJnNBbDz3B0CAwEAAQ==\n"
            + "-----END PUBLIC KEY-----\n";
    assertEquals(400, open.post(ENROLL, new EnrollRequest(token.token(), "frank", rsa)).status());
    assertEquals(400, enroll(token.token(), "../frank", Crypto.newKeyPair()).status());
    assertEquals(400, open.post(ENROLL, "{".getBytes()).status());
    assertEquals(201, enroll(token.token(), "frank", Crypto.newKeyPair()).status());
  }
}
