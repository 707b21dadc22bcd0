package io.edgemarket.cli.simulate;

/**
 * One simulated provider's profile: its price strategy and prices, capacity (concurrent slots),
 * service time, place, and whether it lies about results.
 *
 * @param meanServiceMillis the mean of its service time (each run draws around it)
 */
record ProviderSpec(
    int index,
    String name,
    Strategy strategy,
    long pricePerInvocation,
    long pricePerMegaFuel,
    int slots,
    int meanServiceMillis,
    String region,
    long latitudeE6,
    long longitudeE6,
    boolean liar) {

  /** How a provider prices against the market's reference price. */
  enum Strategy {
    /** The reference price. */
    FIXED,
    /** 5-30% under it. */
    UNDERCUT,
    /** 10-50% over it. */
    PREMIUM
  }

  /** What one run of {@code fuel} costs on this offer. */
  long amount(long fuel) {
    return io.edgemarket.model.Pricing.amount(pricePerInvocation, pricePerMegaFuel, fuel);
  }
}
