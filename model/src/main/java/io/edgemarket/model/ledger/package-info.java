/**
 * The ledger port: the one interface through which every part of the market reads and writes the
 * ledger, whatever backs it (the embedded ledger in one process, or Hyperledger Fabric through its
 * Gateway). Transaction names and error codes are the chaincode's public contract.
 */
package io.edgemarket.model.ledger;
