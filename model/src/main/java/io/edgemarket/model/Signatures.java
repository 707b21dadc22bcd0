package io.edgemarket.model;

import io.edgemarket.model.crypto.Crypto;
import java.security.PublicKey;
import java.util.Base64;

/** Base64 transport of DER signatures, failing closed on anything malformed. */
final class Signatures {
  private Signatures() {}

  static boolean verify(PublicKey key, byte[] payload, String base64Signature) {
    if (base64Signature == null || base64Signature.isEmpty()) {
      return false;
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(base64Signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return Crypto.verify(key, payload, signature);
  }

  static byte[] decode(String base64Signature) {
    try {
      return base64Signature == null ? new byte[0] : Base64.getDecoder().decode(base64Signature);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
