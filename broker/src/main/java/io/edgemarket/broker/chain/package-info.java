/**
 * The broker's side of the ledger port: {@link io.edgemarket.model.ledger.LedgerBackend} (what a
 * ledger must offer the broker: executing relayed proposals and gateways for in-process
 * participants) and {@link io.edgemarket.broker.chain.MarketLedger} (the chaincode calls the broker
 * makes as itself, with their JSON arguments and results in one place).
 */
package io.edgemarket.broker.chain;
