package io.edgemarket.model;

/**
 * Exact integer pricing. Amounts are minor units; the metered part is rounded up so that a provider
 * is never paid less than the compute it gave.
 */
public final class Pricing {
  public static final long FUEL_UNIT = 1_000_000L;
  public static final int BPS = 10_000;

  private Pricing() {}

  /** {@code pricePerInvocation + ceil(fuel * pricePerMegaFuel / 1e6)}, failing on overflow. */
  public static long amount(long pricePerInvocation, long pricePerMegaFuel, long fuel) {
    if (pricePerInvocation < 0 || pricePerMegaFuel < 0 || fuel < 0) {
      throw new IllegalArgumentException("prices and fuel must not be negative");
    }
    long metered = Math.multiplyExact(fuel, pricePerMegaFuel);
    long units = metered / FUEL_UNIT + (metered % FUEL_UNIT == 0 ? 0 : 1);
    return Math.addExact(pricePerInvocation, units);
  }

  /** The broker's share of an amount: rounded down, so the provider keeps any remainder. */
  public static long brokerFee(long amount, int feeBps) {
    if (feeBps < 0 || feeBps > BPS) {
      throw new IllegalArgumentException("fee must be between 0 and 10000 basis points");
    }
    return Math.multiplyExact(amount, (long) feeBps) / BPS;
  }
}
