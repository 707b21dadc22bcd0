/**
 * The ledger port: the one interface through which every part of the market reads and writes the
 * ledger, whatever backs it (the embedded ledger in one process, or Hyperledger Fabric through its
 * Gateway). Transaction names, error codes and the record shapes ({@link
 * io.edgemarket.model.ledger.Records}) are the chaincode's public contract. {@link
 * io.edgemarket.model.ledger.LedgerBackend} is what a ledger offers the broker; the backends
 * implement it in their own modules, which therefore depend on this one and never on the broker.
 */
package io.edgemarket.model.ledger;
