/**
 * The offer book and matching. The book mirrors the ledger's offers and overlays what the ledger
 * cannot know: live load from agents' heartbeats, the broker's own in-flight count, measured
 * latency and reputation. The matcher ranks offers that fit an invocation by price, load, latency
 * and reputation; suspect providers sink to the bottom, so one unresponsive provider never holds up
 * the market.
 */
package io.edgemarket.broker.market;
