package io.edgemarket.cli.market;

/**
 * How {@code up} sets out its sample providers: different prices and places, so that matching by
 * price, load and region has something to choose between. Prices are large enough in minor units
 * that the broker's 5 % fee does not round down to nothing.
 */
record ProviderProfile(
    String region,
    long latitudeE6,
    long longitudeE6,
    long pricePerInvocation,
    long pricePerMegaFuel) {

  private static final ProviderProfile[] PROFILES = {
    new ProviderProfile("eu-west", 48_856_600, 2_352_200, 100, 20),
    new ProviderProfile("eu-central", 50_110_900, 8_682_100, 120, 10),
    new ProviderProfile("us-east", 38_907_200, -77_036_900, 80, 40),
  };

  static ProviderProfile of(int index) {
    return PROFILES[index % PROFILES.length];
  }
}
