package io.edgemarket.model.api;

/**
 * A provider agent's live state, sent to the broker every few seconds; placement uses it. A {@code
 * draining} agent takes no new work and is about to go away.
 */
public record Heartbeat(
    String providerId,
    String offerId,
    String endpoint,
    int activeInvocations,
    int maxConcurrency,
    int cpuFreeMillis,
    long memoryFreeMb,
    boolean draining,
    long sentAt) {}
