package io.edgemarket.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * Where a consumer would like an invocation to run (issue 12's place-aware scheduling), sent beside
 * the signed ticket. It steers placement only, never what is paid, so it is not signed. Null parts
 * ask nothing.
 *
 * @param region prefer offers in this region (case-insensitive): they rank ahead of every offer
 *     elsewhere, which still serve when none in the region fits
 * @param providers run only on these providers (an allow list), by participant id
 * @param avoid never run on these providers (a deny list), by participant id
 * @param near where the caller is: nearer offers rank ahead at equal terms (an offer that declares
 *     no location, 0,0, counts as far)
 * @param energy prefer offers that declare this energy source ("renewable" or "grid"): they rank
 *     ahead of every other, which still serve when none of them fits
 * @param hedgeAfterMillis hedging for a latency-critical call (issue 12): when the first provider
 *     has not answered after this many milliseconds, the broker also sends the call to the next
 *     matched provider and takes whichever good answer comes first. The consumer pays only the
 *     winner's receipt; the other provider is told to stop and is not paid for its work. 1 to
 *     {@link #MAX_HEDGE_AFTER_MILLIS}, and below the function's timeout (the broker checks that);
 *     null: no hedging
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Placement(
    String region,
    List<String> providers,
    List<String> avoid,
    Location near,
    String energy,
    Long hedgeAfterMillis) {
  /** At most this many providers in each list. */
  public static final int MAX_PROVIDERS = 64;

  /** The longest hedge delay a placement may ask for. */
  public static final long MAX_HEDGE_AFTER_MILLIS = 60_000;

  /** Validates each part; the message names it. */
  public Placement {
    if (region != null && (region.isBlank() || region.length() > 64)) {
      throw new IllegalArgumentException("placement.region must be 1-64 characters");
    }
    if (energy != null && !io.edgemarket.model.Offer.ENERGY_SOURCES.contains(energy)) {
      throw new IllegalArgumentException(
          "placement.energy must be one of " + io.edgemarket.model.Offer.ENERGY_SOURCES);
    }
    if (hedgeAfterMillis != null
        && (hedgeAfterMillis < 1 || hedgeAfterMillis > MAX_HEDGE_AFTER_MILLIS)) {
      throw new IllegalArgumentException(
          "placement.hedgeAfterMillis must be 1-" + MAX_HEDGE_AFTER_MILLIS + " ms");
    }
    providers = checked("placement.providers", providers);
    avoid = checked("placement.avoid", avoid);
  }

  /** A placement without hedging. */
  public Placement(
      String region, List<String> providers, List<String> avoid, Location near, String energy) {
    this(region, providers, avoid, near, energy, null);
  }

  /** A placement that says nothing of where the caller is. */
  public Placement(String region, List<String> providers, List<String> avoid) {
    this(region, providers, avoid, null, null, null);
  }

  /** A placement without an energy preference. */
  public Placement(String region, List<String> providers, List<String> avoid, Location near) {
    this(region, providers, avoid, near, null, null);
  }

  /** This placement, hedged after {@code millis} (null: not hedged). */
  public Placement withHedgeAfterMillis(Long millis) {
    return new Placement(region, providers, avoid, near, energy, millis);
  }

  /** Whether an offer declaring {@code offerEnergy} is not of the preferred source. */
  public boolean otherEnergy(String offerEnergy) {
    return energy != null && !energy.equals(offerEnergy);
  }

  /** Whether this placement lets {@code providerId} run the invocation at all. */
  public boolean allows(String providerId) {
    return (providers == null || providers.contains(providerId))
        && (avoid == null || !avoid.contains(providerId));
  }

  /** Whether an offer in {@code offerRegion} is outside the preferred region. */
  public boolean elsewhere(String offerRegion) {
    return region != null
        && (offerRegion == null
            || !offerRegion.toLowerCase(Locale.ROOT).equals(region.toLowerCase(Locale.ROOT)));
  }

  private static List<String> checked(String field, List<String> ids) {
    if (ids == null) {
      return null;
    }
    if (ids.size() > MAX_PROVIDERS) {
      throw new IllegalArgumentException(field + " holds at most " + MAX_PROVIDERS + " providers");
    }
    for (String id : ids) {
      if (id == null || id.isBlank() || id.length() > 256) {
        throw new IllegalArgumentException(field + " holds a blank or overlong provider id");
      }
    }
    return List.copyOf(ids);
  }
}
