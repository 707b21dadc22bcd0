package io.edgemarket.model.ledger;

import io.edgemarket.model.crypto.Identity;

/**
 * A connection to the market's chaincode as one identity. Arguments and results are UTF-8 text
 * (JSON for structured values), exactly as Fabric passes them.
 */
public interface LedgerGateway extends AutoCloseable {

  /** The identity every transaction through this gateway is signed by. */
  Identity identity();

  /** Endorses, orders and commits a transaction; returns its result once committed. */
  String submit(String transaction, String... args) throws LedgerException;

  /** Runs a read-only query; nothing is written or ordered. */
  String evaluate(String transaction, String... args) throws LedgerException;

  @Override
  void close();
}
