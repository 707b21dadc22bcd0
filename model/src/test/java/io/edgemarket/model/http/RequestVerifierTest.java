package io.edgemarket.model.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestVerifierTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  private static final Identity BROKER = CA.enroll("broker", Role.BROKER);
  private static final byte[] BODY = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);

  private final RequestVerifier verifier =
      new RequestVerifier(
          CA.certificate(),
          "EdgeMarketMSP",
          Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
          Duration.ofMinutes(5));

  private AuthenticatedCaller verify(Map<String, String> headers, String path, byte[] body)
      throws AuthenticationException {
    return verifier.verify("POST", path, body, headers::get);
  }

  @Test
  void acceptsASignedRequestOnceAndNamesTheCaller() throws Exception {
    Map<String, String> headers = SignedHeaders.sign(BROKER, "POST", "/invoke", BODY, NOW);
    AuthenticatedCaller caller = verify(headers, "/invoke", BODY);
    assertEquals("broker@EdgeMarketMSP", caller.id());
    assertEquals(Role.BROKER, caller.role());
    var replay =
        assertThrows(AuthenticationException.class, () -> verify(headers, "/invoke", BODY));
    assertTrue(replay.getMessage().contains("replayed"));
  }

  @Test
  void rejectsChangedBodyPathOrMissingHeaders() {
    Map<String, String> headers = SignedHeaders.sign(BROKER, "POST", "/invoke", BODY, NOW);
    byte[] other = "{\"x\":2}".getBytes(StandardCharsets.UTF_8);
    assertThrows(AuthenticationException.class, () -> verify(headers, "/invoke", other));
    assertThrows(AuthenticationException.class, () -> verify(headers, "/other", BODY));
    Map<String, String> partial = new HashMap<>(headers);
    partial.remove(SignedHeaders.SIGNATURE);
    var missing = assertThrows(AuthenticationException.class, () -> verify(partial, "/x", BODY));
    assertTrue(missing.getMessage().contains("not signed"));
  }

  @Test
  void certifiedNamesTheCallerOfATrustedCertificateOnly() throws Exception {
    Map<String, String> headers = new HashMap<>();
    headers.put(
        SignedHeaders.CERT,
        SignedHeaders.sign(BROKER, "POST", "/x", BODY, NOW).get(SignedHeaders.CERT));
    assertEquals("broker@EdgeMarketMSP", verifier.certified(headers::get).id());
    Identity stranger = CertificateAuthority.create("EdgeMarketMSP").enroll("broker", Role.BROKER);
    Map<String, String> foreign = SignedHeaders.sign(stranger, "POST", "/x", BODY, NOW);
    assertThrows(AuthenticationException.class, () -> verifier.certified(foreign::get));
    assertThrows(AuthenticationException.class, () -> verifier.certified(name -> null));
  }

  @Test
  void rejectsStaleTimestampsAndForeignCertificates() {
    long stale = NOW - Duration.ofMinutes(6).toMillis();
    Map<String, String> old = SignedHeaders.sign(BROKER, "POST", "/invoke", BODY, stale);
    assertThrows(AuthenticationException.class, () -> verify(old, "/invoke", BODY));
    Identity stranger = CertificateAuthority.create("EdgeMarketMSP").enroll("b", Role.BROKER);
    Map<String, String> foreign = SignedHeaders.sign(stranger, "POST", "/invoke", BODY, NOW);
    var error = assertThrows(AuthenticationException.class, () -> verify(foreign, "/invoke", BODY));
    assertTrue(error.getMessage().contains("CA"));
  }

  @Test
  void acceptsCallersOfEveryTrustedMspUnderTheirOwnMsp() throws Exception {
    CertificateAuthority providers = CertificateAuthority.create("ProvidersMSP");
    RequestVerifier consortium =
        new RequestVerifier(
            TrustRoots.of(CA).and(providers),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
            Duration.ofMinutes(5));
    Identity provider = providers.enroll("p1", Role.PROVIDER);
    Map<String, String> headers = SignedHeaders.sign(provider, "POST", "/x", BODY, NOW);
    assertEquals("p1@ProvidersMSP", consortium.verify("POST", "/x", BODY, headers::get).id());
    Map<String, String> broker = SignedHeaders.sign(BROKER, "POST", "/x", BODY, NOW);
    assertEquals("broker@EdgeMarketMSP", consortium.verify("POST", "/x", BODY, broker::get).id());

    // A certificate presented under the other organisation's MSP is not that organisation's.
    Identity impostor = providers.enroll("p2", Role.PROVIDER);
    Map<String, String> claimed =
        new HashMap<>(SignedHeaders.sign(impostor, "POST", "/x", BODY, NOW));
    claimed.put(SignedHeaders.MSP, "EdgeMarketMSP");
    assertThrows(
        AuthenticationException.class, () -> consortium.verify("POST", "/x", BODY, claimed::get));
  }
}
