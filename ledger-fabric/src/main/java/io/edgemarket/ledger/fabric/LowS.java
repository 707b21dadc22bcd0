package io.edgemarket.ledger.fabric;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.signers.DSAEncoding;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA P-256 signatures in Fabric's canonical form. Fabric's MSP refuses a signature whose S is
 * above half the curve order (both (r, s) and (r, n - s) verify, so it keeps one to stop malleating
 * transaction signatures); a plain JCA signer returns either. Bouncy Castle's DER encoding of DSA
 * signatures reads and writes the {@code SEQUENCE { INTEGER r, INTEGER s }}.
 */
final class LowS {
  private static final BigInteger N = ECNamedCurveTable.getByName("secp256r1").getN();
  private static final BigInteger HALF_N = N.shiftRight(1);
  private static final DSAEncoding DER = StandardDSAEncoding.INSTANCE;

  private LowS() {}

  /** The same signature with s ≤ n/2; returned as is when it already is. */
  static byte[] normalise(byte[] der) {
    BigInteger[] rs;
    try {
      rs = DER.decode(N, der);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a DER ECDSA signature", e);
    }
    if (rs[1].compareTo(HALF_N) <= 0) {
      return der;
    }
    try {
      return DER.encode(N, rs[0], N.subtract(rs[1]));
    } catch (IOException e) {
      throw new IllegalStateException("re-encoding a decoded signature failed", e);
    }
  }
}
