package io.edgemarket.bridge;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The market's word that {@code amount} tokens of {@code marketAccount} may leave the escrow at
 * {@code escrow} on chain {@code chainId} for {@code to}, once: {@code nonce} is spent on the first
 * payment. The bridge key signs {@link #digest()}, which is exactly what
 * EdgeEscrow.withdrawalDigest computes on chain. Addresses are kept in lower case.
 */
public record WithdrawalStatement(
    String marketAccount,
    String to,
    BigInteger amount,
    BigInteger nonce,
    long chainId,
    String escrow) {

  /**
   * EdgeEscrow.WITHDRAWAL_TAG's preimage: keeps other things the key signs from passing as this.
   */
  static final String TAG_PREIMAGE =
      "EdgeEscrow.withdraw(string marketAccount,address to,uint256 amount,uint256 nonce,"
          + "uint256 chainId,address escrow)";

  static final byte[] TAG = Hash.sha3(TAG_PREIMAGE.getBytes(StandardCharsets.UTF_8));

  /** EdgeEscrow.MAX_ACCOUNT_BYTES. */
  public static final int MAX_ACCOUNT_BYTES = 128;

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

  public WithdrawalStatement {
    if (marketAccount == null
        || marketAccount.isEmpty()
        || marketAccount.getBytes(StandardCharsets.UTF_8).length > MAX_ACCOUNT_BYTES) {
      throw new IllegalArgumentException(
          "marketAccount must be 1 to " + MAX_ACCOUNT_BYTES + " UTF-8 bytes");
    }
    to = address("to", to);
    escrow = address("escrow", escrow);
    if (amount == null || amount.signum() <= 0 || amount.compareTo(UINT256_LIMIT) >= 0) {
      throw new IllegalArgumentException("amount must be a positive uint256, not " + amount);
    }
    if (nonce == null || nonce.signum() < 0 || nonce.compareTo(UINT256_LIMIT) >= 0) {
      throw new IllegalArgumentException("nonce must be a uint256, not " + nonce);
    }
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be positive, not " + chainId);
    }
  }

  /**
   * keccak256(abi.encode(WITHDRAWAL_TAG, marketAccount, to, amount, nonce, chainId, escrow)): the
   * 32 bytes the bridge key signs with the EIP-191 prefix.
   */
  public byte[] digest() {
    String encoded =
        FunctionEncoder.encodeConstructor(
            List.of(
                new Bytes32(TAG),
                new Utf8String(marketAccount),
                new Address(to),
                new Uint256(amount),
                new Uint256(nonce),
                new Uint256(BigInteger.valueOf(chainId)),
                new Address(escrow)));
    return Hash.sha3(Numeric.hexStringToByteArray(encoded));
  }

  private static String address(String name, String value) {
    if (value == null || !ADDRESS.matcher(value).matches()) {
      throw new IllegalArgumentException(name + " must be a 0x-prefixed 20-byte address: " + value);
    }
    if (new BigInteger(value.substring(2), 16).signum() == 0) {
      throw new IllegalArgumentException(name + " must not be the zero address");
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
