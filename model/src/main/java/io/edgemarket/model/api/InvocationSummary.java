package io.edgemarket.model.api;

/**
 * One invocation as {@code GET /api/v1/invocations} lists it: whose, which function, when its
 * ticket was issued (the consumer's clock, epoch ms), and how it stands: status, cost, provider and
 * settlement as {@link InvocationResult} has them. {@code functionId} is null (and {@code issuedAt}
 * 0) only for a failure the broker restored after a restart without its ticket.
 */
public record InvocationSummary(
    String invocationId,
    String consumerId,
    String functionId,
    long issuedAt,
    InvocationResult.Status status,
    long cost,
    String providerId,
    InvocationResult.Settlement settlement,
    String batchId) {}
