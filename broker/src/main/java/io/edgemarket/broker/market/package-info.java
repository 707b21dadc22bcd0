/**
 * The offer book and matching. The book mirrors the ledger's offers and overlays what the ledger
 * cannot know: live load from agents' heartbeats, the broker's own in-flight count, measured
 * latency and reputation. The matcher ranks offers that fit an invocation by price, load, latency
 * and reputation; suspect providers sink to the bottom, so one unresponsive provider never holds up
 * the market. It reads the book's placement index ({@code OfferIndex}), which files the offers that
 * can take work by runtime, price and memory, ordered by their live load and provider terms, and is
 * updated as heartbeats, dispatches and stats change, so a match reads a few dozen offers, not the
 * book.
 */
package io.edgemarket.broker.market;
