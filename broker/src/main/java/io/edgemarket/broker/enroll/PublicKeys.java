package io.edgemarket.broker.enroll;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a contributor's public key. Only P-256 keys are accepted: every signature in the market
 * (requests, proposals, receipts) is ECDSA over P-256, so any other key would enroll an identity
 * that can sign nothing.
 */
final class PublicKeys {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  /** The order of P-256's base point, which tells the curve apart from other 256-bit ones. */
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private PublicKeys() {}

  static PublicKey parse(String pem) {
    if (pem == null) {
      throw EnrollmentException.badRequest("publicKeyPem is required");
    }
    String text = pem.strip();
    if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
      throw EnrollmentException.badRequest("publicKeyPem must be a PEM PUBLIC KEY block");
    }
    try {
      byte[] der =
          Base64.getMimeDecoder()
              .decode(text.substring(BEGIN.length(), text.length() - END.length()));
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      if (key instanceof ECPublicKey ec && ec.getParams().getOrder().equals(P256_ORDER)) {
        return key;
      }
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw EnrollmentException.badRequest("publicKeyPem is not a valid EC public key");
    }
    throw EnrollmentException.badRequest("publicKeyPem must be an EC P-256 (secp256r1) key");
  }
}
