package io.edgemarket.cli;

import java.math.BigInteger;

/** The balance lines {@code account deposit|withdraw|balance} print, alike in each. */
final class AccountLines {
  private AccountLines() {}

  static String ledger(String account, long balance) {
    return "  ledger balance of " + account + ": " + balance;
  }

  static String chain(String address, BigInteger balance) {
    return "  chain balance of " + address + ": " + balance;
  }
}
