/**
 * The invocation path: validate the consumer's request and ticket, look the function up, hold the
 * consumer's escrow, match, dispatch to a provider agent with failover, verify the signed receipt,
 * queue it durably for settlement, answer. {@link io.edgemarket.broker.invoke.InvocationService} is
 * the entry point; everything else here is its machinery.
 */
package io.edgemarket.broker.invoke;
