package io.edgemarket.ledger.fabric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;

/** Fabric refuses high-S signatures; about half of what a JCA signer returns is high-S. */
class LowSTest {
  private static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  private static final BigInteger HALF_N = N.shiftRight(1);

  @Test
  void everySignatureComesOutLowSAndStillVerifies() {
    Identity signer = CertificateAuthority.create("TestMSP").enroll("signer", Role.AUDITOR);
    int changed = 0;
    for (int i = 0; i < 64; i++) {
      byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
      byte[] raw = signer.sign(message);
      byte[] low = LowS.normalise(raw);
      if (!Arrays.equals(raw, low)) {
        changed++;
      }
      assertTrue(s(low).compareTo(HALF_N) <= 0, "low S");
      if (s(raw).compareTo(HALF_N) <= 0) {
        assertArrayEquals(raw, low, "a low-S signature is returned as it was");
      } else {
        assertEquals(N.subtract(s(raw)), s(low), "a high S becomes n - s");
      }
      assertTrue(Crypto.verify(signer.certificate().getPublicKey(), message, low), "verifies");
    }
    assertTrue(changed > 0 && changed < 64, "some, not all, signatures needed normalising");
  }

  /** S of {@code SEQUENCE { INTEGER r, INTEGER s }}, read independently of the code under test. */
  private static BigInteger s(byte[] der) {
    return ASN1Integer.getInstance(ASN1Sequence.getInstance(der).getObjectAt(1)).getValue();
  }
}
