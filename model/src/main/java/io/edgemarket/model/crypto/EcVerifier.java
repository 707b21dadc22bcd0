package io.edgemarket.model.crypto;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * SHA256withECDSA verification through Bouncy Castle's ECDSA directly, with each key's curve point
 * kept between calls. Through the JCA, every verification converts the key anew (for a key the
 * JDK's certificate factory parsed, a point decoded and validated each time) and Bouncy Castle's
 * per-point precomputation for the multiplication by the key is thrown away with it; a kept point
 * keeps that table, so a key that signs many receipts is cheaper from its second use on. The
 * signature's DER is decoded as strictly as the JCA's (re-encoded and compared), so a signature
 * with a different encoding of the same numbers is refused here as there.
 */
final class EcVerifier {
  /** Keys kept at most; past it the cache starts over (a market has far fewer active keys). */
  private static final int MAX_KEYS = 10_000;

  private static final Map<PublicKey, ECPublicKeyParameters> KEYS = new ConcurrentHashMap<>();

  private EcVerifier() {}

  /** Whether this verifier handles the key; other keys go through the JCA. */
  static boolean handles(PublicKey key) {
    return key instanceof ECPublicKey;
  }

  /** True only for a valid signature by the key; false for any malformed input. */
  static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    ECPublicKeyParameters params = params(key);
    if (params == null) {
      return false;
    }
    BigInteger[] rs;
    try {
      rs = StandardDSAEncoding.INSTANCE.decode(params.getParameters().getN(), signature);
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, params);
    return signer.verifySignature(Crypto.sha256(data), rs[0], rs[1]);
  }

  private static ECPublicKeyParameters params(PublicKey key) {
    ECPublicKeyParameters known = KEYS.get(key);
    if (known != null) {
      return known;
    }
    ECPublicKeyParameters params;
    try {
      params = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(key);
    } catch (java.security.InvalidKeyException | RuntimeException e) {
      return null;
    }
    if (KEYS.size() >= MAX_KEYS) {
      KEYS.clear();
    }
    KEYS.put(key, params);
    return params;
  }
}
