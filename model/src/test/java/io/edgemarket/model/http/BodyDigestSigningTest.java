package io.edgemarket.model.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A streamed body is signed and verified by its digest, interchangeably with its bytes. */
class BodyDigestSigningTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");
  private static final Identity CONSUMER = CA.enroll("alice", Role.CONSUMER);
  private static final byte[] BODY = "image bytes".getBytes(StandardCharsets.UTF_8);

  private final RequestVerifier verifier = new RequestVerifier(CA.certificate(), "EdgeMarketMSP");

  @Test
  void signingTheDigestEqualsSigningTheBytes() throws Exception {
    long now = System.currentTimeMillis();
    String digest = Crypto.sha256Hex(BODY);
    Map<String, String> byDigest =
        SignedHeaders.signBodyDigest(CONSUMER, "PUT", "/b/" + digest, digest, now);
    assertEquals(CONSUMER.id(), verifier.verify("PUT", "/b/" + digest, BODY, byDigest::get).id());
    Map<String, String> byBytes = SignedHeaders.sign(CONSUMER, "PUT", "/b/" + digest, BODY, now);
    assertEquals(
        CONSUMER.id(), verifier.verifyBodyDigest("PUT", "/b/" + digest, digest, byBytes::get).id());
  }

  @Test
  void anotherDigestDoesNotVerify() {
    String digest = Crypto.sha256Hex(BODY);
    Map<String, String> headers =
        SignedHeaders.signBodyDigest(
            CONSUMER, "PUT", "/b", "0".repeat(64), System.currentTimeMillis());
    assertThrows(
        AuthenticationException.class,
        () -> verifier.verifyBodyDigest("PUT", "/b", digest, headers::get));
  }
}
