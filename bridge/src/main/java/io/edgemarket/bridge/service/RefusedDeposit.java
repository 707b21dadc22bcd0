package io.edgemarket.bridge.service;

import java.math.BigInteger;

/**
 * A deposit the ledger would not credit (the account is not registered, the amount is beyond what
 * one deposit may be, …): the tokens are in the escrow but in no market account, so an operator
 * must refund them. {@code code} and {@code reason} are the ledger's.
 */
public record RefusedDeposit(
    String eventId,
    long blockNumber,
    String txHash,
    long logIndex,
    String account,
    String from,
    BigInteger amount,
    String code,
    String reason) {}
