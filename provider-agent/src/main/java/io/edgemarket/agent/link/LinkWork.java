package io.edgemarket.agent.link;

import io.edgemarket.model.api.InvokeRequest;
import io.edgemarket.model.link.LinkFrame;

/** Runs the invocations that arrive on the link (on the link's own threads, many at once). */
@FunctionalInterface
public interface LinkWork {
  /**
   * Runs {@code request}; returns its answer: {@link LinkFrame#result} or {@link LinkFrame#error},
   * under correlation {@code id}. Never throws.
   */
  LinkFrame run(String id, InvokeRequest request);
}
