package io.edgemarket.agent;

/**
 * What the agent's own HTTP server (on {@link ProviderAgentBuilder#bindHost} and {@link
 * ProviderAgentBuilder#port}) serves. An agent behind NAT dials out instead ({@link
 * ProviderAgentBuilder#link}) and needs no inbound port at all.
 */
public enum Inbound {
  /**
   * {@code POST /invoke}, {@code /health} and {@code /metrics}; the offer advertises this server,
   * so brokers may push invocations to it (while the link is down, or brokers without links).
   */
  INVOKE,
  /**
   * Only {@code /health} and {@code /metrics}, for the operator; invocations arrive on the link
   * alone, and the offer names the broker's link endpoint instead of this server.
   */
  STATUS,
  /** No HTTP server at all; invocations arrive on the link alone. */
  NONE
}
