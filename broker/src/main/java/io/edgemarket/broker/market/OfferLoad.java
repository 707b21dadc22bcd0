package io.edgemarket.broker.market;

/** An offer's live load as the API reports it ({@code GET /api/v1/offers}). */
public record OfferLoad(
    int activeInvocations,
    int maxConcurrency,
    int cpuFreeMillis,
    long memoryFreeMb,
    boolean draining,
    long lastSeen) {}
