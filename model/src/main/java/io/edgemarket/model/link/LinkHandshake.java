package io.edgemarket.model.link;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.http.AuthenticatedCaller;
import io.edgemarket.model.http.AuthenticationException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The agent link's mutual authentication, which needs no TLS client certificate: each side proves
 * its market identity by signing the other side's fresh nonce. The agent sends a nonce; the broker
 * answers with its own nonce, its certificate and a signature over both nonces; the agent checks
 * that certificate against its trust roots (a broker of this market) and answers with its
 * certificate and a signature over both nonces and the broker's id; the broker checks that against
 * its trust roots (a provider of this market). A signature from another handshake (another nonce),
 * by another key, or for another broker does not verify; nonces are 32 random bytes per connection,
 * so none repeats.
 */
public final class LinkHandshake {
  /**
   * The protocol version in {@code hello} and {@code challenge}. 2 (issue 12/16): {@code ping} and
   * {@code pong} frames, and outputs beside re-collected receipts, which a version-1 peer refuses.
   * 3 (issue 11): {@code statement} frames, which a version-2 broker refuses, and (issue 12, before
   * version 3 was released) {@code cancel} frames, which an agent of another version would refuse;
   * a broker refuses an agent of another version at its {@code hello}, with the version it wants.
   */
  public static final int VERSION = 3;

  /** Where the broker accepts links; also the path of a dial-out agent's offer endpoint. */
  public static final String PATH = "/api/v1/agents/link";

  private static final Pattern NONCE = Pattern.compile("[0-9a-f]{64}");
  private static final String CHALLENGE = "edgemarket-link-v1 challenge\n";
  private static final String PROOF = "edgemarket-link-v1 proof\n";

  private LinkHandshake() {}

  /** A fresh nonce: 32 random bytes, hex. */
  public static String nonce() {
    return Crypto.randomHex(32);
  }

  public static boolean isNonce(String value) {
    return value != null && NONCE.matcher(value).matches();
  }

  /** The broker's signature over the agent's nonce and its own. */
  public static String signChallenge(Identity broker, String agentNonce, String brokerNonce) {
    return sign(broker, challengePayload(agentNonce, brokerNonce));
  }

  /** The agent's signature over both nonces and the id of the broker it answers. */
  public static String signProof(
      Identity agent, String brokerNonce, String agentNonce, String brokerId) {
    return sign(agent, proofPayload(brokerNonce, agentNonce, brokerId));
  }

  /** The broker behind a challenge, checked as the agent must; throws when it is not one. */
  public static AuthenticatedCaller verifyChallenge(
      LinkFrame challenge, String agentNonce, TrustRoots trust) throws AuthenticationException {
    if (!isNonce(challenge.shake().nonce())) {
      throw new AuthenticationException("challenge carries no valid nonce");
    }
    return verify(
        challenge,
        trust,
        Role.BROKER,
        challengePayload(agentNonce, challenge.shake().nonce()),
        "challenge signature does not verify");
  }

  /** The provider behind a proof, checked as the broker must; throws when it is not one. */
  public static AuthenticatedCaller verifyProof(
      LinkFrame proof, String brokerNonce, String agentNonce, String brokerId, TrustRoots trust)
      throws AuthenticationException {
    return verify(
        proof,
        trust,
        Role.PROVIDER,
        proofPayload(brokerNonce, agentNonce, brokerId),
        "proof signature does not verify");
  }

  /**
   * The offer endpoint of an agent reached only through its link to {@code broker}: the broker's
   * own link URL (the ledger takes only http and https endpoints).
   */
  public static String linkEndpoint(URI broker) {
    String base = broker.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH;
  }

  /** True when an offer's agent is reached only through its link. */
  public static boolean isLinkEndpoint(String endpoint) {
    return endpoint != null && endpoint.endsWith(PATH);
  }

  /** The WebSocket URL of {@code broker}'s link: ws for http, wss for https. */
  public static URI linkUri(URI broker) {
    return URI.create(linkEndpoint(broker).replaceFirst("^(?i)http", "ws"));
  }

  private static AuthenticatedCaller verify(
      LinkFrame frame, TrustRoots trust, Role role, byte[] payload, String badSignature)
      throws AuthenticationException {
    LinkFrame.Handshake shake = frame.shake();
    if (shake.certificate() == null || shake.signature() == null) {
      throw new AuthenticationException("no certificate or signature");
    }
    X509Certificate certificate;
    Role actual;
    try {
      certificate = Pem.certificate(shake.certificate());
      actual = Certificates.role(certificate);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed certificate: " + e.getMessage());
    }
    Optional<String> msp = trust.mspOf(certificate);
    if (msp.isEmpty()) {
      throw new AuthenticationException("certificate not issued by this market's CA");
    }
    if (actual != role) {
      throw new AuthenticationException(
          "a " + actual.attributeValue() + " is not a " + role.attributeValue());
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(shake.signature());
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed signature");
    }
    if (!Crypto.verify(certificate.getPublicKey(), payload, signature)) {
      throw new AuthenticationException(badSignature);
    }
    return new AuthenticatedCaller(
        Certificates.participantId(Certificates.commonName(certificate), msp.get()),
        actual,
        certificate);
  }

  private static byte[] challengePayload(String agentNonce, String brokerNonce) {
    return (CHALLENGE + agentNonce + "\n" + brokerNonce).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] proofPayload(String brokerNonce, String agentNonce, String brokerId) {
    return (PROOF + brokerNonce + "\n" + agentNonce + "\n" + brokerId)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String sign(Identity signer, byte[] payload) {
    return Base64.getEncoder().encodeToString(signer.sign(payload));
  }
}
