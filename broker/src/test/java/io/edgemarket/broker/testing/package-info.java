/**
 * Test fixtures: a market around a real broker on an ephemeral port ({@link
 * io.edgemarket.broker.testing.TestMarket}), a signing HTTP client, and a fake provider agent that
 * can be told to misbehave. The real agent lives in provider-agent, which the broker must not
 * depend on.
 */
package io.edgemarket.broker.testing;
