package io.edgemarket.bridge;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The market's bridge key: signs withdrawal statements as EdgeEscrow checks them (EIP-191 prefixed
 * digest, 65 bytes r‖s‖v with v 27 or 28 and s in the lower half of the curve order) and is the
 * only account that may anchor settlement roots.
 */
public final class BridgeSigner {
  private static final BigInteger HALF_ORDER = Sign.CURVE_PARAMS.getN().shiftRight(1);

  private final ECKeyPair keys;
  private final String address;

  private BridgeSigner(ECKeyPair keys) {
    this.keys = keys;
    this.address = Numeric.prependHexPrefix(Keys.getAddress(keys));
  }

  public static BridgeSigner of(Credentials credentials) {
    return new BridgeSigner(credentials.getEcKeyPair());
  }

  /** The key's address (lower case), the one EdgeEscrow is deployed with. */
  public String address() {
    return address;
  }

  /** The 65-byte signature EdgeEscrow.withdraw takes for {@code statement}. */
  public byte[] sign(WithdrawalStatement statement) {
    Sign.SignatureData signature = Sign.signPrefixedMessage(statement.digest(), keys);
    byte[] out = new byte[65];
    System.arraycopy(signature.getR(), 0, out, 0, 32);
    System.arraycopy(signature.getS(), 0, out, 32, 32);
    out[64] = signature.getV()[0];
    // web3j canonicalises s already; the contract refuses a high s, so never hand one out.
    if (new BigInteger(1, signature.getS()).compareTo(HALF_ORDER) > 0) {
      throw new IllegalStateException("web3j produced a high-s signature");
    }
    return out;
  }

  /**
   * Who signed {@code statement} (lower-case address), by the contract's rules: 65 bytes, low s, v
   * 27 or 28.
   *
   * @throws SignatureException when the signature breaks them or recovers no key
   */
  public static String recover(WithdrawalStatement statement, byte[] signature)
      throws SignatureException {
    if (signature == null || signature.length != 65) {
      throw new SignatureException("a withdrawal signature has 65 bytes");
    }
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    byte v = signature[64];
    if (new BigInteger(1, s).compareTo(HALF_ORDER) > 0) {
      throw new SignatureException("high s: the malleated twin of a signature");
    }
    if (v != 27 && v != 28) {
      throw new SignatureException("v must be 27 or 28, not " + v);
    }
    BigInteger key =
        Sign.signedPrefixedMessageToKey(statement.digest(), new Sign.SignatureData(v, r, s));
    return Numeric.prependHexPrefix(Keys.getAddress(key));
  }
}
