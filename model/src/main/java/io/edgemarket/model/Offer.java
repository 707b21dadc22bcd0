package io.edgemarket.model;

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
    long updatedAt) {

  public static final String ACTIVE = "ACTIVE";
  public static final String WITHDRAWN = "WITHDRAWN";

  public Offer {
    Objects.requireNonNull(offerId, "offerId");
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
        at);
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
        at);
  }
}
