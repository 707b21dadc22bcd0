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
    String nonce = Crypto.randomHex(16);
    String timestamp = Long.toString(nowMillis);
    byte[] payload = payload(method, pathAndQuery, timestamp, nonce, body);
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

  static byte[] payload(
      String method, String pathAndQuery, String timestamp, String nonce, byte[] body) {
    String text =
        String.join(
            "\n",
            DOMAIN,
            method.toUpperCase(java.util.Locale.ROOT),
            pathAndQuery,
            timestamp,
            nonce,
            Crypto.sha256Hex(body == null ? new byte[0] : body));
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
