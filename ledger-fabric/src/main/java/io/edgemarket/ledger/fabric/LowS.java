package io.edgemarket.ledger.fabric;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * ECDSA P-256 signatures in Fabric's canonical form. Fabric's MSP refuses a signature whose S is
 * above half the curve order (both (r, s) and (r, n - s) verify, so it keeps one to stop malleating
 * transaction signatures); a plain JCA signer returns either. DER is parsed by hand because the
 * module depends on nothing but the model and the gateway client.
 */
final class LowS {
  private static final BigInteger N =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  private static final BigInteger HALF_N = N.shiftRight(1);

  private LowS() {}

  /** {@code SEQUENCE { INTEGER r, INTEGER s }}, re-encoded with s ≤ n/2. */
  static byte[] normalise(byte[] der) {
    int[] pos = {0};
    expect(der, pos, 0x30);
    length(der, pos);
    BigInteger r = integer(der, pos);
    BigInteger s = integer(der, pos);
    if (s.compareTo(HALF_N) <= 0) {
      return der;
    }
    return encode(r, N.subtract(s));
  }

  private static BigInteger integer(byte[] der, int[] pos) {
    expect(der, pos, 0x02);
    int len = length(der, pos);
    byte[] value = new byte[len];
    System.arraycopy(der, pos[0], value, 0, len);
    pos[0] += len;
    return new BigInteger(value);
  }

  private static void expect(byte[] der, int[] pos, int tag) {
    if (pos[0] >= der.length || (der[pos[0]++] & 0xff) != tag) {
      throw new IllegalArgumentException("not a DER ECDSA signature");
    }
  }

  private static int length(byte[] der, int[] pos) {
    int first = der[pos[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int len = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      len = (len << 8) | (der[pos[0]++] & 0xff);
    }
    return len;
  }

  private static byte[] encode(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int body = 2 + rb.length + 2 + sb.length; // P-256: always < 128, short-form lengths
    out.write(0x30);
    out.write(body);
    out.write(0x02);
    out.write(rb.length);
    out.writeBytes(rb);
    out.write(0x02);
    out.write(sb.length);
    out.writeBytes(sb);
    return out.toByteArray();
  }
}
