package io.edgemarket.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Capacity a provider offers on the ledger. Prices are minor units; {@code pricePerMegaFuel} is
 * charged per million metered instructions. Location is in micro-degrees so the ledger holds only
 * integers.
 */
public record Offer(
    String offerId,
    String providerId,
    String endpoint,
    String region,
    long latitudeE6,
    long longitudeE6,
    int cpuMillis,
    long memoryMb,
    int maxConcurrency,
    List<String> runtimes,
    List<String> accelerators,
    long pricePerInvocation,
    long pricePerMegaFuel,
    long expiresAt,
    String status,
    long updatedAt,
    Long stake,
    // Left out when undeclared, so records written before it existed read and write the same.
    @JsonInclude(JsonInclude.Include.NON_NULL) String energy) {

  public static final String ACTIVE = "ACTIVE";
  public static final String WITHDRAWN = "WITHDRAWN";

  /** The energy sources a provider may declare (issue 12: consumers may prefer renewable). */
  public static final java.util.Set<String> ENERGY_SOURCES = java.util.Set.of("renewable", "grid");

  /**
   * An offer without stake. {@code stake} is what the provider locks on the ledger behind this
   * offer: slashed when the offer's work is proven wrong, released after the offer is withdrawn;
   * null in records written before stakes existed, read as 0.
   */
  public Offer(
      String offerId,
      String providerId,
      String endpoint,
      String region,
      long latitudeE6,
      long longitudeE6,
      int cpuMillis,
      long memoryMb,
      int maxConcurrency,
      List<String> runtimes,
      List<String> accelerators,
      long pricePerInvocation,
      long pricePerMegaFuel,
      long expiresAt,
      String status,
      long updatedAt) {
    this(
        offerId,
        providerId,
        endpoint,
        region,
        latitudeE6,
        longitudeE6,
        cpuMillis,
        memoryMb,
        maxConcurrency,
        runtimes,
        accelerators,
        pricePerInvocation,
        pricePerMegaFuel,
        expiresAt,
        status,
        updatedAt,
        0L,
        null);
  }

  /**
   * An offer that declares no energy source ({@code energy}: "renewable", "grid", or null in
   * records written before it existed and for providers that do not say).
   */
  public Offer(
      String offerId,
      String providerId,
      String endpoint,
      String region,
      long latitudeE6,
      long longitudeE6,
      int cpuMillis,
      long memoryMb,
      int maxConcurrency,
      List<String> runtimes,
      List<String> accelerators,
      long pricePerInvocation,
      long pricePerMegaFuel,
      long expiresAt,
      String status,
      long updatedAt,
      Long stake) {
    this(
        offerId,
        providerId,
        endpoint,
        region,
        latitudeE6,
        longitudeE6,
        cpuMillis,
        memoryMb,
        maxConcurrency,
        runtimes,
        accelerators,
        pricePerInvocation,
        pricePerMegaFuel,
        expiresAt,
        status,
        updatedAt,
        stake,
        null);
  }

  public Offer {
    Objects.requireNonNull(offerId, "offerId");
    if (energy != null && !ENERGY_SOURCES.contains(energy)) {
      throw new IllegalArgumentException("energy must be one of " + ENERGY_SOURCES + ": " + energy);
    }
    stake = stake == null ? 0L : stake;
    runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
    accelerators = accelerators == null ? List.of() : List.copyOf(accelerators);
  }

  public boolean isLiveAt(long nowMillis) {
    return ACTIVE.equals(status) && expiresAt > nowMillis;
  }

  public Offer withStatus(String newStatus, long at) {
    return new Offer(
        offerId,
        providerId,
        endpoint,
        region,
        latitudeE6,
        longitudeE6,
        cpuMillis,
        memoryMb,
        maxConcurrency,
        runtimes,
        accelerators,
        pricePerInvocation,
        pricePerMegaFuel,
        expiresAt,
        newStatus,
        at,
        stake,
        energy);
  }

  /** This offer with {@code newStake} locked behind it. */
  public Offer withStake(long newStake) {
    return new Offer(
        offerId,
        providerId,
        endpoint,
        region,
        latitudeE6,
        longitudeE6,
        cpuMillis,
        memoryMb,
        maxConcurrency,
        runtimes,
        accelerators,
        pricePerInvocation,
        pricePerMegaFuel,
        expiresAt,
        status,
        updatedAt,
        newStake,
        energy);
  }

  public Offer ownedBy(String owner, long at) {
    return new Offer(
        offerId,
        owner,
        endpoint,
        region,
        latitudeE6,
        longitudeE6,
        cpuMillis,
        memoryMb,
        maxConcurrency,
        runtimes,
        accelerators,
        pricePerInvocation,
        pricePerMegaFuel,
        expiresAt,
        status == null ? ACTIVE : status,
        at,
        stake,
        energy);
  }
}
