package io.edgemarket.model.api;

import java.util.List;

/**
 * The answer of {@code GET /api/v1/invocations}: the invocations the broker still knows that match,
 * newest ticket first, at most {@link #MAX}; {@code truncated} when more matched.
 */
public record InvocationListing(List<InvocationSummary> invocations, boolean truncated) {
  public static final int MAX = 1000;

  public InvocationListing {
    invocations = List.copyOf(invocations);
  }
}
