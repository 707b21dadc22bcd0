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
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
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
  private final Nonces nonces;

  public RequestVerifier(TrustRoots roots, Clock clock, Duration window) {
    this.roots = Objects.requireNonNull(roots, "roots");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.windowMillis = window.toMillis();
    this.nonces = new Nonces(2 * windowMillis);
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
    if (!nonces.firstUse(nonce, now)) {
      throw new AuthenticationException("replayed request (nonce already used)");
    }
    return caller;
  }

  /**
   * The caller a request's certificate headers name, checked against the trust roots, without any
   * signature: for a request whose body carries its own signature by that caller (an invocation's
   * ticket), which the receiver must then verify with {@link AuthenticatedCaller#certificate()}.
   * Until it has, the caller is only claimed.
   */
  public AuthenticatedCaller certified(UnaryOperator<String> header)
      throws AuthenticationException {
    return caller(require(header, SignedHeaders.CERT), header.apply(SignedHeaders.MSP));
  }

  /** The nonces remembered now (tests). */
  Nonces nonces() {
    return nonces;
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

  /**
   * Nonces seen within {@code keepMillis}: a set for the replay check and, beside it, a queue in
   * the order they were seen, so expiry looks only at the oldest: amortised O(1) per request
   * however many are kept (a scan of them all past a size would cost every request at a high rate).
   * A clock that steps back only keeps nonces longer, never drops one early.
   */
  static final class Nonces {
    private record Entry(String nonce, long at) {}

    private final long keepMillis;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Deque<Entry> order = new ArrayDeque<>(); // guarded by itself
    private long examined; // guarded by order

    Nonces(long keepMillis) {
      this.keepMillis = keepMillis;
    }

    /** Records {@code nonce} seen at {@code now}; false when it was already seen (a replay). */
    boolean firstUse(String nonce, long now) {
      expire(now);
      if (seen.putIfAbsent(nonce, now) != null) {
        return false;
      }
      synchronized (order) {
        order.addLast(new Entry(nonce, now));
      }
      return true;
    }

    private void expire(long now) {
      synchronized (order) {
        for (Entry oldest = order.peekFirst(); oldest != null; oldest = order.peekFirst()) {
          examined++;
          if (now - oldest.at() <= keepMillis) {
            return;
          }
          order.pollFirst();
          seen.remove(oldest.nonce(), oldest.at());
        }
      }
    }

    int size() {
      return seen.size();
    }

    /** How many queued nonces expiry has looked at so far: the work it did (tests). */
    long examined() {
      synchronized (order) {
        return examined;
      }
    }
  }
}
