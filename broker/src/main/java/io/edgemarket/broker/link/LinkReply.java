package io.edgemarket.broker.link;

import io.edgemarket.model.api.InvokeResponse;

/** How one invocation sent down an agent link ended. */
public sealed interface LinkReply {
  /** The agent answered with a response (not yet checked). */
  record Answered(InvokeResponse response) implements LinkReply {}

  /**
   * The agent answered with an error: {@code status} is what it would have answered over HTTP (400
   * refused, 503 busy, 5xx its own fault).
   */
  record Failed(int status, String code, String message) implements LinkReply {}

  /** No answer: the link broke, timed out, or the provider has no link (yet or any more). */
  record Lost(String reason, boolean wasLinked) implements LinkReply {}
}
