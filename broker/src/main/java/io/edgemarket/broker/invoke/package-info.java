/**
 * The invocation path: validate the consumer's request and ticket, look the function up, hold the
 * consumer's escrow, match, dispatch to a provider agent with failover, verify the signed receipt,
 * queue it durably for settlement, answer. {@link io.edgemarket.broker.invoke.InvocationService} is
 * the entry point; everything else here is its machinery. It speaks in results and {@link
 * io.edgemarket.broker.invoke.Refusal}s: the broker's own HTTP API turns those into answers, and
 * only the dispatcher, the client of the provider agents' HTTP API, deals in HTTP at all.
 */
package io.edgemarket.broker.invoke;
