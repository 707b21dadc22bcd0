/**
 * The broker: matches each invocation to an offer, dispatches it to a provider agent, verifies the
 * signed receipt, answers the consumer, and settles receipts on the ledger in Merkle batches.
 *
 * <p>{@link io.edgemarket.broker.Broker} (built by {@link io.edgemarket.broker.BrokerBuilder}) is
 * the public entry point; it opens the embedded ledger (or a plugged {@link
 * io.edgemarket.model.ledger.LedgerBackend}) and wires the sub-packages: {@code api} (HTTP), {@code
 * invoke} (the invocation path), {@code market} (offer book and matching), {@code settle} (durable
 * queue and settler), {@code blob} (module store), {@code chain} (ledger calls) and {@code
 * metrics}. Classes public in a sub-package are public for wiring, not for outside use.
 */
package io.edgemarket.broker;
