package io.edgemarket.bridge.service;

import java.math.BigInteger;

/**
 * One {@code Deposited} event as the chain shows it: where it is (block, transaction, log index)
 * and what it says (the market account named, the depositor, the tokens the escrow received).
 */
record ChainDeposit(
    long chainId,
    String contract,
    long blockNumber,
    String txHash,
    long logIndex,
    String account,
    String from,
    BigInteger amount) {

  /** The ledger's id of this event: {@code chainId:txHash:logIndex}, canonical. */
  String eventId() {
    return chainId + ":" + txHash + ":" + logIndex;
  }
}
