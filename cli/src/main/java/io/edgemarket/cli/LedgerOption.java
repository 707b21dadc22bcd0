package io.edgemarket.cli;

import io.edgemarket.cli.market.LedgerKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --ledger embedded|fabric}, shared by the commands that start or audit a market. */
final class LedgerOption implements ITypeConverter<LedgerKind> {
  static final String DESCRIPTION =
      "Ledger: embedded (in the broker's process, no setup) or fabric (the local Hyperledger Fabric"
          + " network of network-config, started if it is not up; a first start builds Fabric's"
          + " binaries, which takes minutes).";

  @Override
  public LedgerKind convert(String value) {
    try {
      return LedgerKind.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
