package io.edgemarket.cli.market;

import java.util.Locale;

/** Which ledger a market runs on; {@code --ledger embedded|fabric} on the command line. */
public enum LedgerKind {
  /** The broker's in-process ledger: one machine, no setup. */
  EMBEDDED,
  /** The local Hyperledger Fabric network of {@code network-config/scripts/network.sh}. */
  FABRIC;

  /** The name users type and the data directory records. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  public static LedgerKind parse(String text) {
    String wanted = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    for (LedgerKind kind : values()) {
      if (kind.name().equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a ledger: use embedded or fabric");
  }
}
