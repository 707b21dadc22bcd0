/**
 * The broker's chaincode calls: {@link io.edgemarket.broker.chain.MarketLedger}, the calls the
 * broker makes as itself, with their JSON arguments and results in one place. It runs over model's
 * {@link io.edgemarket.model.ledger.LedgerBackend} (what a ledger must offer the broker: executing
 * relayed proposals and gateways for in-process participants), which the embedded ledger and Fabric
 * implement in their own modules; the broker knows no backend but through it.
 */
package io.edgemarket.broker.chain;
