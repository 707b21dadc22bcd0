package io.edgemarket.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.testing.RawLink;
import io.edgemarket.broker.testing.TestMarket;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.link.LinkFrame;
import io.edgemarket.model.link.LinkHandshake;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent link's handshake against a real broker, attacked by hand: a certificate from another
 * CA, another role's certificate, a proof replayed from an earlier handshake, and a proof signed
 * with another key than the certificate's are each refused (WebSocket 1008, no welcome); an honest
 * provider is welcomed, and the broker's own challenge verifies against the market CA.
 */
class LinkAuthenticationTest {
  @TempDir Path dir;
  private TestMarket market;

  @BeforeEach
  void start() throws Exception {
    market = new TestMarket(dir, 0, Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    market.close();
  }

  @Test
  void anHonestProviderIsWelcomedAndTheBrokerProvesItselfToo() throws Exception {
    Identity provider = market.ca.enroll("p-honest", Role.PROVIDER);
    try (RawLink link = link()) {
      String nonce = LinkHandshake.nonce();
      link.send(LinkFrame.hello(nonce));
      LinkFrame challenge = link.next();
      AuthenticatedCaller broker =
          LinkHandshake.verifyChallenge(challenge, nonce, TrustRoots.of(market.ca));
      assertEquals(market.brokerId.id(), broker.id());
      link.send(proof(provider, challenge, nonce, broker.id()));
      LinkFrame welcome = link.next();
      assertEquals(LinkFrame.WELCOME, welcome.type());
      assertEquals(provider.id(), welcome.shake().providerId());
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() throws Exception {
    Identity stranger =
        CertificateAuthority.create("EdgeMarketMSP").enroll("p-stranger", Role.PROVIDER);
    assertRefused(stranger, stranger, "not issued by this market's CA");
  }

  @Test
  void anotherRoleIsRefused() throws Exception {
    assertRefused(market.consumer, market.consumer, "a consumer is not a provider");
  }

  @Test
  void aProofSignedWithAnotherKeyIsRefused() throws Exception {
    Identity victim = market.ca.enroll("p-victim", Role.PROVIDER);
    // Same name, same CA, another key: the forger holds a certificate of its own, not the victim's.
    Identity forger = market.ca.enroll("p-victim", Role.PROVIDER);
    assertRefused(forger, victim, "proof signature does not verify");
  }

  @Test
  void aProofReplayedFromAnEarlierHandshakeIsRefused() throws Exception {
    Identity provider = market.ca.enroll("p-replayed", Role.PROVIDER);
    String nonce = LinkHandshake.nonce();
    LinkFrame captured;
    try (RawLink first = link()) {
      first.send(LinkFrame.hello(nonce));
      LinkFrame challenge = first.next();
      captured = proof(provider, challenge, nonce, market.brokerId.id());
      first.send(captured);
      assertEquals(LinkFrame.WELCOME, first.next().type());
    }
    // The eavesdropper repeats the agent's side word for word; only the broker's nonce is new.
    try (RawLink second = link()) {
      second.send(LinkFrame.hello(nonce));
      LinkFrame challenge = second.next();
      assertEquals(LinkFrame.CHALLENGE, challenge.type());
      second.send(captured);
      RawLink.Closed closed = second.awaitClosed();
      assertEquals(1008, closed.status());
      assertTrue(closed.reason().contains("proof signature does not verify"), closed.reason());
    }
  }

  @Test
  void framesBeforeTheHandshakeAreRefused() throws Exception {
    try (RawLink link = link()) {
      link.send(LinkFrame.error("1", 500, "INTERNAL", "nothing"));
      RawLink.Closed closed = link.awaitClosed();
      assertEquals(1008, closed.status());
      assertTrue(closed.reason().startsWith("expected hello"), closed.reason());
    }
  }

  /** Handshakes as {@code signer} presenting {@code presented}'s certificate; expects refusal. */
  private void assertRefused(Identity signer, Identity presented, String reason) throws Exception {
    try (RawLink link = link()) {
      String nonce = LinkHandshake.nonce();
      link.send(LinkFrame.hello(nonce));
      LinkFrame challenge = link.next();
      String signature =
          LinkHandshake.signProof(signer, challenge.shake().nonce(), nonce, market.brokerId.id());
      link.send(LinkFrame.proof(presented.certificatePem(), signature));
      RawLink.Closed closed = link.awaitClosed();
      assertEquals(1008, closed.status(), closed.toString());
      assertTrue(closed.reason().contains(reason), closed.reason());
      assertFalse(closed.reason().isEmpty());
    }
  }

  private static LinkFrame proof(
      Identity provider, LinkFrame challenge, String nonce, String brokerId) {
    return LinkFrame.proof(
        provider.certificatePem(),
        LinkHandshake.signProof(provider, challenge.shake().nonce(), nonce, brokerId));
  }

  private RawLink link() {
    return new RawLink(market.broker().url());
  }
}
