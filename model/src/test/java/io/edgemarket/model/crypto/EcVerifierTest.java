package io.edgemarket.model.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct verifier agrees with Bouncy Castle's JCA signature on every input it is shown: valid
 * signatures, tampered data, tampered signatures, the same numbers encoded differently, garbage,
 * another signer's key, and keys parsed by either provider.
 */
class EcVerifierTest {
  private final Random random = new Random(7);
  private final KeyPair signer = Crypto.newKeyPair();
  private final KeyPair other = Crypto.newKeyPair();

  @Test
  void acceptsExactlyWhatTheJcaAccepts() throws Exception {
    PublicKey jdkParsed =
        KeyFactory.getInstance("EC")
            .generatePublic(new X509EncodedKeySpec(signer.getPublic().getEncoded()));
    for (int i = 0; i < 200; i++) {
      byte[] data = new byte[random.nextInt(600)];
      random.nextBytes(data);
      byte[] signature = Crypto.sign(signer.getPrivate(), data);
      for (PublicKey key : new PublicKey[] {signer.getPublic(), jdkParsed}) {
        assertAgree(key, data, signature, true);
        assertAgree(other.getPublic(), data, signature, false);
        byte[] tamperedData = data.length == 0 ? new byte[] {1} : flip(data);
        assertAgree(key, tamperedData, signature, false);
        assertAgree(key, data, flip(signature), false);
      }
    }
  }

  @Test
  void refusesTheSameNumbersEncodedAnotherWay() throws Exception {
    byte[] data = "pay 100".getBytes();
    byte[] signature = Crypto.sign(signer.getPrivate(), data);
    // DER is SEQUENCE { INTEGER r, INTEGER s }; a long-form length of the sequence is valid BER
    // with the same meaning, which a strict verifier refuses (one signature, one encoding).
    byte[] longForm = new byte[signature.length + 1];
    longForm[0] = 0x30;
    longForm[1] = (byte) 0x81;
    longForm[2] = signature[1];
    System.arraycopy(signature, 2, longForm, 3, signature.length - 2);
    assertAgree(signer.getPublic(), data, longForm, false);
    byte[] trailing = Arrays.copyOf(signature, signature.length + 1);
    assertAgree(signer.getPublic(), data, trailing, false);
  }

  @Test
  void garbageIsRefusedWithoutThrowing() throws Exception {
    byte[] data = "x".getBytes();
    for (byte[] junk :
        new byte[][] {{0}, {0x30, 0}, {0x30, 2, 2, 0}, new byte[72], randomBytes(70)}) {
      assertAgree(signer.getPublic(), data, junk, false);
    }
    assertFalse(Crypto.verify(signer.getPublic(), data, new byte[0]));
    assertFalse(Crypto.verify(null, data, new byte[] {1}));
  }

  @Test
  void aKeySeenOnceIsReusedAndStillRight() {
    byte[] data = "again".getBytes();
    byte[] signature = Crypto.sign(signer.getPrivate(), data);
    for (int i = 0; i < 50; i++) {
      assertTrue(EcVerifier.verify(signer.getPublic(), data, signature));
      assertFalse(EcVerifier.verify(other.getPublic(), data, signature));
    }
    assertArrayEquals(data, "again".getBytes(), "the data is not modified");
  }

  private static void assertAgree(PublicKey key, byte[] data, byte[] signature, boolean expected)
      throws Exception {
    assertEquals(expected, jca(key, data, signature), "the JCA's verdict");
    assertEquals(expected, EcVerifier.verify(key, data, signature), "the direct verifier's");
    assertEquals(expected, Crypto.verify(key, data, signature), "Crypto.verify's");
  }

  private static boolean jca(PublicKey key, byte[] data, byte[] signature) throws Exception {
    Signature jca = Signature.getInstance("SHA256withECDSA", Crypto.provider());
    jca.initVerify(key);
    jca.update(data);
    try {
      return jca.verify(signature);
    } catch (java.security.SignatureException e) {
      return false;
    }
  }

  private byte[] flip(byte[] bytes) {
    byte[] copy = bytes.clone();
    int at = random.nextInt(copy.length);
    copy[at] ^= (byte) (1 << random.nextInt(8));
    return copy;
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}
