package io.edgemarket.model.http;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The headers that authenticate one HTTP request. The signature covers method, path with query,
 * timestamp, nonce and the body's digest, so no part of a request can be changed or replayed.
 */
public final class SignedHeaders {
  public static final String CERT = "X-EdgeMarket-Cert";
  public static final String MSP = "X-EdgeMarket-Msp";
  public static final String TIMESTAMP = "X-EdgeMarket-Timestamp";
  public static final String NONCE = "X-EdgeMarket-Nonce";
  public static final String SIGNATURE = "X-EdgeMarket-Signature";
  static final String DOMAIN = "edgemarket/http/v1";

  private SignedHeaders() {}

  /** Headers for a request by {@code identity}; {@code pathAndQuery} as sent, e.g. /a?b=c. */
  public static Map<String, String> sign(
      Identity identity, String method, String pathAndQuery, byte[] body, long nowMillis) {
    return signBodyDigest(identity, method, pathAndQuery, bodyDigest(body), nowMillis);
  }

  /**
   * Headers for a request whose body is streamed rather than held in memory: the caller passes the
   * body's hex SHA-256, computed beforehand (e.g. over a file). The signature is the same as {@link
   * #sign} would make over those bytes.
   */
  public static Map<String, String> signBodyDigest(
      Identity identity, String method, String pathAndQuery, String bodySha256, long nowMillis) {
    String nonce = Crypto.randomHex(16);
    String timestamp = Long.toString(nowMillis);
    byte[] payload = payload(method, pathAndQuery, timestamp, nonce, bodySha256);
    return Map.of(
        CERT,
        Base64.getEncoder()
            .encodeToString(identity.certificatePem().getBytes(StandardCharsets.UTF_8)),
        MSP,
        identity.mspId(),
        TIMESTAMP,
        timestamp,
        NONCE,
        nonce,
        SIGNATURE,
        Base64.getEncoder().encodeToString(identity.sign(payload)));
  }

  /** The hex SHA-256 a signature covers for {@code body} (no body counts as empty). */
  static String bodyDigest(byte[] body) {
    return Crypto.sha256Hex(body == null ? new byte[0] : body);
  }

  static byte[] payload(
      String method, String pathAndQuery, String timestamp, String nonce, String bodySha256) {
    String text =
        String.join(
            "\n",
            DOMAIN,
            method.toUpperCase(java.util.Locale.ROOT),
            pathAndQuery,
            timestamp,
            nonce,
            bodySha256);
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
