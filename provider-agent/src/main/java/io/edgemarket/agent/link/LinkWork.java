package io.edgemarket.agent.link;

import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.link.LinkFrame;
import java.util.List;

/** Runs the invocations that arrive on the link (on the link's own threads, many at once). */
@FunctionalInterface
public interface LinkWork {
  /**
   * Runs {@code request}; returns its answer: {@link LinkFrame#result} or {@link LinkFrame#error},
   * under correlation {@code id}. Never throws.
   */
  LinkFrame run(String id, InvokeRequest request);

  /**
   * As {@link #run(String, InvokeRequest)}, stopped when the broker cancels it ({@code cancel},
   * issue 12): then answered {@link LinkFrame#error} 409 {@code CANCELLED}, with no receipt kept.
   * By default cancels nothing.
   */
  default LinkFrame run(String id, InvokeRequest request, Cancellation cancel) {
    return run(id, request);
  }

  /**
   * The broker asks for the receipts this agent keeps (re-collection, issue 11): answers {@link
   * LinkFrame#receipts} with those above sequence {@code after}, oldest first. Never throws.
   */
  default LinkFrame collect(String id, long after) {
    return LinkFrame.receipts(id, List.of(), List.of());
  }

  /** The broker holds these receipts (by sequence) durably, or has decided on them: forget them. */
  default void settled(List<Long> sequences) {}
}
