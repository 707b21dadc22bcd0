package io.edgemarket.ledger.fabric;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Fabric refuses high-S signatures; about half of what a JCA signer returns is high-S. */
class LowSTest {
  private static final BigInteger HALF_N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)
          .shiftRight(1);

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
      assertTrue(Crypto.verify(signer.certificate().getPublicKey(), message, low), "verifies");
    }
    assertTrue(changed > 0 && changed < 64, "some, not all, signatures needed normalising");
  }

  /** S of {@code SEQUENCE { INTEGER r, INTEGER s }} with short-form lengths (P-256). */
  private static BigInteger s(byte[] der) {
    int rLen = der[3];
    int sAt = 4 + rLen;
    return new BigInteger(Arrays.copyOfRange(der, sAt + 2, sAt + 2 + der[sAt + 1]));
  }
}
