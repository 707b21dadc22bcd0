package io.edgemarket.model.http;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.crypto.TrustRoots;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Verifies {@link SignedHeaders}. Parsed, trusted certificates are cached by their header value so
 * a steady caller costs one signature check per request; nonces are remembered for twice the
 * timestamp window, which is all a replay can use.
 */
public final class RequestVerifier {
  private static final int MAX_CACHED_CERTS = 10_000;

  private final TrustRoots roots;
  private final Clock clock;
  private final long windowMillis;
  private final Map<String, AuthenticatedCaller> callers = new ConcurrentHashMap<>();
  private final Map<String, Long> nonces = new ConcurrentHashMap<>();

  public RequestVerifier(TrustRoots roots, Clock clock, Duration window) {
    this.roots = Objects.requireNonNull(roots, "roots");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.windowMillis = window.toMillis();
  }

  public RequestVerifier(X509Certificate trustRoot, String mspId, Clock clock, Duration window) {
    this(TrustRoots.of(mspId, trustRoot), clock, window);
  }

  /** Accepts callers of every MSP in {@code roots}, with a five-minute clock skew window. */
  public RequestVerifier(TrustRoots roots) {
    this(roots, Clock.systemUTC(), Duration.ofMinutes(5));
  }

  public RequestVerifier(X509Certificate trustRoot, String mspId) {
    this(TrustRoots.of(mspId, trustRoot));
  }

  /** Checks a request; {@code header} looks a header up by name (null when absent). */
  public AuthenticatedCaller verify(
      String method, String pathAndQuery, byte[] body, UnaryOperator<String> header)
      throws AuthenticationException {
    return verifyBodyDigest(method, pathAndQuery, SignedHeaders.bodyDigest(body), header);
  }

  /**
   * Checks a request whose body has not been read: the signature is checked against {@code
   * bodySha256}, the hex SHA-256 the body must have (e.g. a content-addressed upload names it in
   * its path). The caller must then check that the body really hashes to it.
   */
  public AuthenticatedCaller verifyBodyDigest(
      String method, String pathAndQuery, String bodySha256, UnaryOperator<String> header)
      throws AuthenticationException {
    String certHeader = require(header, SignedHeaders.CERT);
    String timestamp = require(header, SignedHeaders.TIMESTAMP);
    String nonce = require(header, SignedHeaders.NONCE);
    String signature = require(header, SignedHeaders.SIGNATURE);
    AuthenticatedCaller caller = caller(certHeader, header.apply(SignedHeaders.MSP));
    long now = clock.millis();
    long at;
    try {
      at = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new AuthenticationException("malformed " + SignedHeaders.TIMESTAMP);
    }
    if (Math.abs(now - at) > windowMillis) {
      throw new AuthenticationException("request timestamp outside the allowed clock skew");
    }
    byte[] payload = SignedHeaders.payload(method, pathAndQuery, timestamp, nonce, bodySha256);
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed " + SignedHeaders.SIGNATURE);
    }
    if (!Crypto.verify(caller.certificate().getPublicKey(), payload, sig)) {
      throw new AuthenticationException("request signature does not verify");
    }
    if (nonces.putIfAbsent(nonce, now) != null) {
      throw new AuthenticationException("replayed request (nonce already used)");
    }
    if (nonces.size() > 100_000) {
      nonces.values().removeIf(seen -> now - seen > 2 * windowMillis);
    }
    return caller;
  }

  private AuthenticatedCaller caller(String certHeader, String msp) throws AuthenticationException {
    AuthenticatedCaller cached = callers.get(certHeader);
    if (cached != null) {
      return cached;
    }
    if (msp != null && roots.root(msp).isEmpty()) {
      throw new AuthenticationException("unknown MSP " + msp);
    }
    X509Certificate cert;
    Role role;
    try {
      cert =
          Pem.certificate(
              new String(Base64.getDecoder().decode(certHeader), StandardCharsets.UTF_8));
      role = Certificates.role(cert);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed certificate: " + e.getMessage());
    }
    // Without an MSP header, the issuing root names the MSP; with one, that MSP's root must match.
    String mspId = msp != null ? msp : roots.mspOf(cert).orElse(null);
    if (mspId == null || !roots.trusts(cert, mspId)) {
      throw new AuthenticationException("certificate not issued by this market's CA");
    }
    AuthenticatedCaller caller =
        new AuthenticatedCaller(
            Certificates.participantId(Certificates.commonName(cert), mspId), role, cert);
    if (callers.size() < MAX_CACHED_CERTS) {
      callers.put(certHeader, caller);
    }
    return caller;
  }

  private static String require(UnaryOperator<String> header, String name)
      throws AuthenticationException {
    String value = header.apply(name);
    if (value == null || value.isBlank()) {
      throw new AuthenticationException("missing " + name + " header (request not signed)");
    }
    return value;
  }
}
