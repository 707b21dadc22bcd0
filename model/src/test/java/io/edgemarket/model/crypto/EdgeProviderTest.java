package io.edgemarket.model.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/** The trimmed provider answers exactly as Bouncy Castle's own for every service it registers. */
class EdgeProviderTest {
  private static final byte[] DATA = "ticket".getBytes(StandardCharsets.UTF_8);
  private final Provider edge = new EdgeProvider();
  private final Provider full = new BouncyCastleProvider();

  @Test
  void everyRegisteredServiceInstantiates() throws Exception {
    assertFalse(edge.getServices().isEmpty());
    for (Provider.Service service : edge.getServices()) {
      assertNotNull(service.newInstance(null), service.getType() + "." + service.getAlgorithm());
    }
  }

  @Test
  void signaturesCrossVerifyWithBouncyCastlesOwnProvider() throws Exception {
    KeyPair pair = Crypto.newKeyPair();
    byte[] byEdge = sign(edge, "SHA256withECDSA", pair);
    byte[] byFull = sign(full, "SHA256withECDSA", pair);
    assertTrue(verify(full, "SHA256withECDSA", pair, byEdge));
    assertTrue(verify(edge, "SHA256withECDSA", pair, byFull));
    assertTrue(verify(edge, "1.2.840.10045.4.3.2", pair, byFull));
    byEdge[byEdge.length - 1] ^= 1;
    assertFalse(Crypto.verify(pair.getPublic(), DATA, byEdge));
  }

  @Test
  void rsaKeysOfAnOperatorsCertificateAreChecked() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", full);
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    assertTrue(verify(edge, "SHA256withRSA", pair, sign(full, "SHA256withRSA", pair)));
  }

  @Test
  void keyFactoriesDecodeWhatTheFullProviderDecodes() throws Exception {
    KeyPair pair = Crypto.newKeyPair();
    for (String algorithm : new String[] {"EC", "ECDSA", "1.2.840.10045.2.1"}) {
      KeyFactory factory = KeyFactory.getInstance(algorithm, edge);
      assertArrayEquals(
          pair.getPublic().getEncoded(),
          factory
              .generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()))
              .getEncoded());
      assertArrayEquals(
          pair.getPrivate().getEncoded(),
          factory
              .generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()))
              .getEncoded());
    }
    assertEquals("EC", KeyPairGenerator.getInstance("ECDSA", edge).getAlgorithm());
  }

  private static byte[] sign(Provider provider, String algorithm, KeyPair pair) throws Exception {
    Signature signature = Signature.getInstance(algorithm, provider);
    signature.initSign(pair.getPrivate());
    signature.update(DATA);
    return signature.sign();
  }

  private static boolean verify(Provider provider, String algorithm, KeyPair pair, byte[] bytes)
      throws Exception {
    Signature signature = Signature.getInstance(algorithm, provider);
    signature.initVerify(pair.getPublic());
    signature.update(DATA);
    return signature.verify(bytes);
  }
}
