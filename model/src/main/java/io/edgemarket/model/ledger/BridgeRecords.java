package io.edgemarket.model.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON shapes of the {@code bridge} contract (docs/bridge.md, "On the ledger"): what it stores
 * under its keys and answers. Amounts are minor units, chain ids and block numbers decimal, hashes
 * and addresses lowercase {@code 0x} hex. Clients read them with {@link Records#read} and {@link
 * Records#page}, which ignore fields they do not know.
 */
public final class BridgeRecords {
  private BridgeRecords() {}

  /** The ledger account a chain's money enters and leaves the market through. */
  public static String clearingAccount(long chainId) {
    return "bridge:" + chainId;
  }

  /**
   * {@code BRIDGE~chainId}: how far the bridge has read the chain ({@code cursor}, a block number
   * that never goes back), the nonce the next withdrawal to it gets, and the totals that crossed.
   * {@code deposited - withdrawn} is what the chain's contract holds for the market, and minus the
   * clearing account's balance.
   */
  public record BridgeState(
      long chainId,
      String clearingAccount,
      long cursor,
      long nextNonce,
      long deposited,
      long withdrawn,
      long deposits,
      long withdrawals,
      long updatedAt) {

    /** What the chain holds for the market: the most the ledger lets leave through it. */
    public long outstanding() {
      return deposited - withdrawn;
    }
  }

  /**
   * {@code DEPOSIT~chainId~txHash~logIndex}: one deposit event, credited once. {@code eventId} is
   * {@code chainId:txHash:logIndex}.
   */
  public record Deposit(
      String eventId,
      long chainId,
      String contractAddress,
      String txHash,
      long logIndex,
      long blockNumber,
      String accountId,
      long amount,
      long creditedAt,
      String txId) {}

  /**
   * {@code WITHDRAWAL~withdrawalId}: money leaving the market to {@code toAddress} on a chain.
   * {@code WAITING}: a consumer's request, nothing moved yet, releasable from {@code payableAt};
   * {@code PENDING}: debited into the clearing account with a per-chain {@code nonce}, to be paid;
   * {@code PAID}: the bridge paid it in {@code paidTxHash}.
   */
  public record Withdrawal(
      String withdrawalId,
      String accountId,
      long chainId,
      String toAddress,
      long amount,
      String status,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long nonce,
      long requestedAt,
      long payableAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long debitedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String paidTxHash,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long paidAt) {
    public static final String WAITING = "WAITING";
    public static final String PENDING = "PENDING";
    public static final String PAID = "PAID";
  }

  /** Payload of the {@code WithdrawalPending} event: a withdrawal the bridge may pay now. */
  public record WithdrawalPending(String withdrawalId, long chainId, long nonce) {}

  /**
   * {@code ANCHOR~sequence}: a settlement batch whose Merkle root the bridge anchored on chain in
   * {@code chainTxHash}; {@code sequence} counts anchors from 1.
   */
  public record Anchor(
      long sequence,
      String batchId,
      String merkleRoot,
      String chainTxHash,
      long batchSettledAt,
      long anchoredAt,
      String txId,
      String by) {}

  /** {@code ANCHORHEAD~market}: how many anchors there are and the latest one's batch. */
  public record AnchorHead(long count, String lastBatchId, long lastSettledAt) {}
}
