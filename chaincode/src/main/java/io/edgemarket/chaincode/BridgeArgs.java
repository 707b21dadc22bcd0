package io.edgemarket.chaincode;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses the bridge's chain-side arguments into one canonical form, failing with BAD_REQUEST. The
 * canonical form matters for money: an event id is a key, so {@code 0xAB…} and {@code 0xab…}, or
 * chain {@code 01} and {@code 1}, must not be two events that are credited twice.
 */
final class BridgeArgs {
  private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern ROOT = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

  private BridgeArgs() {}

  /** A chain id: a positive decimal (EIP-155), bounded so it fits a long. */
  static long chainId(String text) {
    long value = decimal("chainId", text);
    if (value < 1) {
      throw Errors.badRequest("chainId must be positive: " + value);
    }
    return value;
  }

  /** A block number or log index: a non-negative decimal. */
  static long decimal(String name, String text) {
    String value = text == null ? "" : text.trim();
    if (!DECIMAL.matcher(value).matches()) {
      throw Errors.badRequest(name + " must be a decimal of at most 18 digits: " + quote(text));
    }
    return Long.parseLong(value);
  }

  /** A transaction hash: {@code 0x} and 64 hex digits, returned lowercase. */
  static String txHash(String name, String text) {
    if (text == null || !HASH.matcher(text).matches()) {
      throw Errors.badRequest(name + " must be 0x and 64 hex digits: " + quote(text));
    }
    return text.toLowerCase(Locale.ROOT);
  }

  /** An account address: {@code 0x} and 40 hex digits (any checksum case), returned lowercase. */
  static String address(String name, String text) {
    if (text == null || !ADDRESS.matcher(text).matches()) {
      throw Errors.badRequest(name + " must be 0x and 40 hex digits: " + quote(text));
    }
    return text.toLowerCase(Locale.ROOT);
  }

  /** A Merkle root as the ledger stores it (64 lowercase hex), with or without {@code 0x}. */
  static String root(String text) {
    if (text == null || !ROOT.matcher(text).matches()) {
      throw Errors.badRequest("root must be 64 hex digits, 0x optional: " + quote(text));
    }
    return text.substring(text.length() - 64).toLowerCase(Locale.ROOT);
  }

  private static String quote(String value) {
    if (value == null) {
      return "null";
    }
    return "\"" + (value.length() > 70 ? value.substring(0, 70) + "..." : value) + "\"";
  }
}
