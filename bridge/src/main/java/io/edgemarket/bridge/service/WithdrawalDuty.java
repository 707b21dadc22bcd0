package io.edgemarket.bridge.service;

import io.edgemarket.bridge.BridgeSigner;
import io.edgemarket.bridge.WithdrawalStatement;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.JsonRpcError;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * Withdrawals: consumers' WAITING withdrawals released once their delay is over, then every PENDING
 * one of this chain paid in nonce order and recorded PAID. A nonce the escrow shows used is never
 * paid again: the payment that used it (a run killed between paying and recording) is found by its
 * Withdrawn event and recorded instead.
 */
final class WithdrawalDuty {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeService.class);

  /** Headroom over the node's estimate, for a payment retried after running out of gas. */
  private static final BigInteger HEADROOM_PERCENT = BigInteger.valueOf(130);

  private final EscrowChain chain;
  private final BridgeLedger ledger;
  private final BridgeSigner signer;
  private final Counters counters;
  private final Consumer<String> afterPayment;
  private final Set<Long> needEstimate = new HashSet<>();
  private final Set<String> warned = new HashSet<>();

  WithdrawalDuty(
      EscrowChain chain,
      BridgeLedger ledger,
      BridgeSigner signer,
      Counters counters,
      Consumer<String> afterPayment) {
    this.chain = chain;
    this.ledger = ledger;
    this.signer = signer;
    this.counters = counters;
    this.afterPayment = afterPayment;
  }

  /** Releases what is due, pays what is pending; returns {released, paid}. */
  int[] run() throws Exception {
    int released = release();
    int paid = 0;
    List<Withdrawal> pending =
        ledger.withdrawals(Withdrawal.PENDING).stream()
            .filter(w -> w.chainId() == chain.chainId() && w.nonce() != null)
            .sorted(Comparator.comparingLong(Withdrawal::nonce))
            .toList();
    for (Withdrawal w : pending) {
      if (pay(w)) {
        paid++;
      }
    }
    return new int[] {released, paid};
  }

  private int release() throws LedgerException {
    long now = System.currentTimeMillis();
    int released = 0;
    for (Withdrawal w : ledger.withdrawals(Withdrawal.WAITING)) {
      if (w.chainId() != chain.chainId() || w.payableAt() > now) {
        continue;
      }
      try {
        ledger.release(w.withdrawalId());
        counters.withdrawalsReleased.incrementAndGet();
        released++;
      } catch (LedgerException e) {
        // TOO_EARLY: our clock is ahead of the ledger's; the others: the consumer's money no
        // longer covers it, which its owner must mend. Neither holds up the rest.
        if (e.phase() != LedgerException.Phase.ENDORSE
            || !Set.of(ErrorCodes.TOO_EARLY, ErrorCodes.INSUFFICIENT_FUNDS, ErrorCodes.NOT_FOUND)
                .contains(e.code())) {
          throw e;
        }
        if (!ErrorCodes.TOO_EARLY.equals(e.code()) && warned.add(w.withdrawalId())) {
          LOG.warn(
              "bridge: withdrawal {} cannot be released: {}", w.withdrawalId(), e.getMessage());
        }
      }
    }
    return released;
  }

  /** Pays {@code w} unless its nonce is spent, and records it; false when it was left as is. */
  private boolean pay(Withdrawal w) throws Exception {
    WithdrawalStatement statement;
    try {
      statement =
          new WithdrawalStatement(
              w.accountId(),
              w.toAddress(),
              BigInteger.valueOf(w.amount()),
              BigInteger.valueOf(w.nonce()),
              chain.chainId(),
              chain.address());
    } catch (IllegalArgumentException e) {
      if (warned.add(w.withdrawalId())) {
        LOG.warn("bridge: withdrawal {} cannot be paid on chain: {}", w.withdrawalId(), e);
      }
      return false;
    }
    if (chain.usedNonce(w.nonce())) {
      return recordEarlierPayment(w, statement);
    }
    byte[] signature = signer.sign(statement);
    Optional<BigInteger> gas = Optional.empty();
    if (needEstimate.contains(w.nonce())) {
      BigInteger estimate = chain.estimateWithdraw(statement, signature);
      gas =
          Optional.of(
              estimate
                  .multiply(HEADROOM_PERCENT)
                  .divide(BigInteger.valueOf(100))
                  .max(chain.configuredGasLimit()));
      LOG.info("bridge: paying withdrawal {} with gas limit {}", w.withdrawalId(), gas.get());
    }
    TransactionReceipt receipt;
    try {
      receipt = chain.withdraw(statement, signature, gas);
    } catch (TransactionException | JsonRpcError e) {
      if (outOfGas(e, gas.orElse(chain.configuredGasLimit()))) {
        needEstimate.add(w.nonce());
        counters.gasShortfalls.incrementAndGet();
        throw new BridgeException(
            "paying withdrawal "
                + w.withdrawalId()
                + " (nonce "
                + w.nonce()
                + ") ran out of gas with a limit of "
                + gas.orElse(chain.configuredGasLimit())
                + "; nothing was paid, and the next attempt uses the node's estimate",
            e);
      }
      throw e;
    }
    String txHash = receipt.getTransactionHash().toLowerCase(Locale.ROOT);
    afterPayment.accept(txHash);
    ledger.markPaid(w.withdrawalId(), txHash);
    needEstimate.remove(w.nonce());
    counters.withdrawalsPaid.incrementAndGet();
    LOG.info(
        "bridge: paid withdrawal {} (nonce {}) of {} to {} in {}",
        w.withdrawalId(),
        w.nonce(),
        w.amount(),
        w.toAddress(),
        txHash);
    return true;
  }

  /** The nonce is spent: record the payment that spent it, never pay a second time. */
  private boolean recordEarlierPayment(Withdrawal w, WithdrawalStatement statement)
      throws Exception {
    Optional<EscrowChain.PaidOnChain> found = chain.payment(w.nonce());
    if (found.isEmpty()
        || !found.get().account().equals(statement.marketAccount())
        || !found.get().to().equals(statement.to())
        || !found.get().amount().equals(statement.amount())) {
      // Only the bridge key's statements spend nonces, so this means another escrow or ledger
      // used the key: an operator must look; paying again could pay twice.
      if (warned.add(w.withdrawalId())) {
        LOG.error(
            "bridge: nonce {} of withdrawal {} is spent on chain by {}, which is not this"
                + " withdrawal; left unpaid for an operator",
            w.nonce(),
            w.withdrawalId(),
            found.map(Object::toString).orElse("no Withdrawn event found"));
      }
      return false;
    }
    ledger.markPaid(w.withdrawalId(), found.get().txHash());
    counters.withdrawalsPaid.incrementAndGet();
    counters.paymentsRecovered.incrementAndGet();
    LOG.info(
        "bridge: withdrawal {} (nonce {}) was already paid in {}; recorded",
        w.withdrawalId(),
        w.nonce(),
        found.get().txHash());
    return true;
  }

  /** A transaction that failed for want of gas: refused as such, or mined and used it all. */
  private static boolean outOfGas(Exception e, BigInteger limit) {
    if (e instanceof TransactionException t && t.getTransactionReceipt().isPresent()) {
      TransactionReceipt r = t.getTransactionReceipt().get();
      return !r.isStatusOK() && r.getGasUsed() != null && r.getGasUsed().compareTo(limit) >= 0;
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return message.contains("out of gas")
        || message.contains("intrinsic gas too low")
        || message.contains("gas too low");
  }
}
