/**
 * The ledger port ({@link io.edgemarket.model.ledger.LedgerGateway}) on a real Hyperledger Fabric
 * network, through the Fabric Gateway client: {@link
 * io.edgemarket.ledger.fabric.FabricLedgerGateway} for transactions and chaincode events, {@link
 * io.edgemarket.ledger.fabric.FabricMarketIdentities} for participants enrolled by the network's
 * organisation CAs. Depends on the model and the gateway client only.
 */
package io.edgemarket.ledger.fabric;
