package io.edgemarket.chaincode;

/**
 * Bounds that keep every sum of money far from {@code long} overflow: no single amount exceeds
 * {@link #MAX_AMOUNT}, and the issuer never issues more than {@link #MAX_SUPPLY} in all, so any
 * balance, and the sum of all balances, fits with room to spare (Long.MAX_VALUE is about 9.2e18).
 */
final class Money {
  /** The most one credit, transfer or receipt may move: 10^15 minor units. */
  static final long MAX_AMOUNT = 1_000_000_000_000_000L;

  /** The most money that may ever exist: 10^17 minor units. */
  static final long MAX_SUPPLY = 100_000_000_000_000_000L;

  private Money() {}
}
