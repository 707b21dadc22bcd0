package io.edgemarket.cli.simulate;

import io.edgemarket.cli.simulate.ProviderSpec.Strategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Draws the simulated providers from a seed: half at the reference price, 30% undercutting, 20% at
 * a premium; 1 to 8 slots; a mean service time of 2 to 60 ms (log-uniform: most are fast, some
 * slow); one of three regions; and exactly {@code round(liars * n)} liars, chosen at random.
 */
final class Population {
  /** The market's reference price per invocation. */
  static final long REFERENCE_PRICE = 100;

  private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
  private static final long[][] PLACES = {
    {48_856_600, 2_352_200}, {40_712_800, -74_006_000}, {19_076_000, 72_877_700}
  };

  private Population() {}

  static List<ProviderSpec> draw(int n, double liars, long seed) {
    Random random = new Random(seed);
    int liarCount = (int) Math.round(liars * n);
    List<Boolean> lies = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lies.add(i < liarCount);
    }
    Collections.shuffle(lies, random);
    List<ProviderSpec> specs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double pick = random.nextDouble();
      Strategy strategy =
          pick < 0.5 ? Strategy.FIXED : pick < 0.8 ? Strategy.UNDERCUT : Strategy.PREMIUM;
      long price =
          switch (strategy) {
            case FIXED -> REFERENCE_PRICE;
            case UNDERCUT -> REFERENCE_PRICE * (70 + random.nextInt(26)) / 100;
            case PREMIUM -> REFERENCE_PRICE * (110 + random.nextInt(41)) / 100;
          };
      int region = random.nextInt(REGIONS.length);
      int service = (int) Math.round(2 * Math.pow(30, random.nextDouble()));
      specs.add(
          new ProviderSpec(
              i,
              "sim-provider-" + (i + 1),
              strategy,
              price,
              1 + random.nextInt(3),
              1 + random.nextInt(8),
              service,
              REGIONS[region],
              PLACES[region][0] + random.nextInt(2_000_000) - 1_000_000,
              PLACES[region][1] + random.nextInt(2_000_000) - 1_000_000,
              lies.get(i)));
    }
    return specs;
  }
}
