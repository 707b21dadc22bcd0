package io.edgemarket.model.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;

/**
 * Key generation, ECDSA signatures and SHA-256, all through Bouncy Castle's implementations (the
 * JDK's ECDSA is 7-13 times slower here), registered by {@link EdgeProvider}.
 */
public final class Crypto {
  static final Provider BC = new EdgeProvider();
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Crypto() {}

  public static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 key generation unavailable", e);
    }
  }

  /** A DER-encoded ECDSA signature over SHA-256 of the data. */
  public static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM, BC);
      signature.initSign(key);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed", e);
    }
  }

  /** True only for a well-formed signature by the key's owner; never throws on bad input. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signatureBytes) {
    if (key == null || data == null || signatureBytes == null || signatureBytes.length == 0) {
      return false;
    }
    if (EcVerifier.handles(key)) {
      return EcVerifier.verify(key, data, signatureBytes);
    }
    try {
      Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM, BC);
      signature.initVerify(key);
      signature.update(data);
      return signature.verify(signatureBytes);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  public static byte[] sha256(byte[]... parts) {
    MessageDigest digest = sha256Digest();
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  public static String sha256Hex(byte[]... parts) {
    return HEX.formatHex(sha256(parts));
  }

  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * SHA-256 of salt followed by data: hides small inputs and outputs from readers of the ledger.
   */
  public static String saltedDigest(String saltHex, byte[] data) {
    return sha256Hex(HEX.parseHex(saltHex), data);
  }

  public static String randomHex(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return HEX.formatHex(buffer);
  }

  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  public static byte[] unhex(String hex) {
    return HEX.parseHex(hex);
  }

  public static Provider provider() {
    return BC;
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
