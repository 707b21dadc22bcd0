package io.edgemarket.chaincode;

import java.util.Locale;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The ledger's key layout. Everything is a Fabric composite key except the time index, which is a
 * simple key so that a time window is one range scan: the shim refuses range scans over composite
 * keys, and a partial composite key only matches whole attributes.
 */
final class Keys {
  static final String PARTICIPANT = "PARTICIPANT";
  static final String CONFIG = "CONFIG";
  static final String MARKET = "market";
  static final String OFFER = "OFFER";
  static final String FUNCTION = "FUNCTION";
  static final String ACCOUNT = "ACCT";
  static final String CREDIT = "CREDIT";
  static final String JOURNAL = "JOURNAL";
  static final String RECEIPT = "RECEIPT";
  static final String BATCH = "BATCH";
  static final String BY_PROVIDER = "RBYPROV";
  static final String BY_CONSUMER = "RBYCONS";
  static final String BY_TIME = "RBYTIME~";
  static final String GOVERNANCE = "GOVERNANCE";
  static final String APPROVAL = "APPROVAL";
  static final String FUNCTION_VERSION = "FUNCVER";
  static final String TRANSFER_OUT = "XFER";
  static final String TRANSFER_REFERENCE = "XREF";
  static final String STAKE = "STAKE";
  static final String DISPUTE = "DISPUTE";
  static final String REPUTATION = "REPUTATION";
  static final String GRANT = "GRANT";
  static final String GRANT_BY_CONSUMER = "GRANTCONS";
  static final String GRANT_BY_BROKER = "GRANTBROKER";
  static final String GRANT_USE = "GRANTUSE";
  static final String BRIDGE = "BRIDGE";
  static final String DEPOSIT = "DEPOSIT";
  static final String WITHDRAWAL = "WITHDRAWAL";
  static final String WITHDRAWAL_BY_STATUS = "WDSTATUS";
  static final String WITHDRAWAL_BY_OWNER = "WDOWNER";
  static final String ANCHOR = "ANCHOR";
  static final String ANCHOR_BY_BATCH = "ANCHORBATCH";
  static final String ANCHOR_HEAD = "ANCHORHEAD";

  /** The account money is issued from; its balance is minus everything ever issued. */
  static final String ISSUER = "@issuer";

  static final int MAX_ID_LENGTH = 256;

  private Keys() {}

  static String of(ChaincodeStub stub, String type, String... attributes) {
    for (String attribute : attributes) {
      if (!isValidId(attribute)) {
        throw Errors.badRequest("malformed key part for " + type);
      }
    }
    return stub.createCompositeKey(type, attributes).toString();
  }

  /**
   * Ids become key parts: non-empty, bounded, and free of the characters Fabric reserves in
   * composite keys (U+0000, U+10FFFF), of control characters and of unpaired surrogates (a key must
   * be valid UTF-8).
   */
  static boolean isValidId(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH) {
      return false;
    }
    return value
        .codePoints()
        .noneMatch(
            c ->
                c < 0x20
                    || c == 0x7f
                    || c == Character.MAX_CODE_POINT
                    || Character.getType(c) == Character.SURROGATE);
  }

  /** Epoch milliseconds, zero-padded to 19 digits so that key order is time order. */
  static String millis(long epochMillis) {
    if (epochMillis < 0) {
      throw new IllegalArgumentException("negative timestamp " + epochMillis);
    }
    return String.format(Locale.ROOT, "%019d", epochMillis);
  }

  static String timeIndex(long finishedAt, String invocationId) {
    return BY_TIME + millis(finishedAt) + "~" + invocationId;
  }

  static String timeIndexFrom(long fromMs) {
    return BY_TIME + millis(fromMs);
  }

  /** Exclusive end: sorts after every {@code RBYTIME~<toMs>~...} key ('~' is 0x7e). */
  static String timeIndexAfter(long toMs) {
    return BY_TIME + millis(toMs) + "\u007f";
  }
}
