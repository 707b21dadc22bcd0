package io.edgemarket.sdk;

import io.edgemarket.model.ledger.BridgeRecords;
import io.edgemarket.model.ledger.LedgerGateway;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ledger's side of the EVM bridge (docs/bridge.md) for one identity: its deposits as the bridge
 * credited them, its withdrawals, and the chain's state. Money moves on the chain with the chain's
 * own client (module {@code bridge}); this only reads and asks the ledger. Every call reads or
 * writes the ledger at once.
 */
public interface Bridge {

  /**
   * The bridge as whoever {@code ledger} signs for: a consumer (as {@link EdgeMarket#bridge()}
   * gives it), a provider or a broker withdrawing its earnings. The caller closes {@code ledger}.
   */
  static Bridge of(LedgerGateway ledger) {
    return new LedgerBridge(Objects.requireNonNull(ledger, "ledger"));
  }

  /** This identity's balance on the ledger, in minor units (locked stakes included). */
  long balance() throws QueryException;

  /**
   * The deposit credited under {@code eventId} ({@code chainId:txHash:logIndex}), or empty while
   * the bridge has not credited it (not seen, not confirmed yet, or never).
   */
  Optional<BridgeRecords.Deposit> deposit(String eventId) throws QueryException;

  /**
   * Asks to withdraw {@code amount} of this identity's balance to {@code toAddress} on chain {@code
   * chainId} ({@code bridge:RequestWithdrawal}): a provider's is debited at once and PENDING, a
   * consumer's WAITING until its {@code payableAt}.
   *
   * @throws BridgeException with the ledger's code: {@code INSUFFICIENT_FUNDS} (not spendable, or
   *     more than the chain holds for the market), {@code NOT_FOUND} (no chain served), {@code
   *     BAD_REQUEST}
   */
  BridgeRecords.Withdrawal requestWithdrawal(long amount, String toAddress, long chainId)
      throws BridgeException;

  /**
   * Releases a WAITING withdrawal of ours whose {@code payableAt} has come ({@code
   * bridge:ReleaseWithdrawal}); the bridge does so too.
   *
   * @throws BridgeException {@code TOO_EARLY}, {@code INSUFFICIENT_FUNDS}, {@code NOT_FOUND}
   */
  BridgeRecords.Withdrawal releaseWithdrawal(String withdrawalId) throws BridgeException;

  /** One of our withdrawals as the ledger holds it now. */
  BridgeRecords.Withdrawal withdrawal(String withdrawalId) throws QueryException;

  /** Every withdrawal of ours, whatever its status, in the ledger's order. */
  List<BridgeRecords.Withdrawal> withdrawals() throws QueryException;

  /** The chain's record: cursor, next nonce and totals; empty when the chain is not served. */
  Optional<BridgeRecords.BridgeState> state(long chainId) throws QueryException;

  /** Every anchor the ledger lists, in sequence order. */
  List<BridgeRecords.Anchor> anchors() throws QueryException;
}
