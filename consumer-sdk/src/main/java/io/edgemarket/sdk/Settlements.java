package io.edgemarket.sdk;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvocationResult.Settlement;
import io.edgemarket.model.api.InvocationResult.Status;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Waits for a receipt to be settled. The broker says when it has settled a batch; the ledger is
 * then asked for the receipt itself, so "settled" means the ledger holds this exact receipt (same
 * leaf hash) under a Merkle root, not merely that the broker says so. Where the ledger does not let
 * consumers read settlement records (FORBIDDEN), the broker's word is all there is.
 */
final class Settlements {
  private final Tracker tracker;
  private final LedgerGateway ledger;

  Settlements(Tracker tracker, LedgerGateway ledger) {
    this.tracker = tracker;
    this.ledger = ledger;
  }

  Receipt await(String invocationId, Duration wait) throws SettlementException {
    Objects.requireNonNull(invocationId, "invocationId");
    Objects.requireNonNull(wait, "timeout");
    long deadline = System.currentTimeMillis() + wait.toMillis();
    String state = "no answer yet";
    for (int attempt = 0; ; attempt++) {
      InvocationResult result;
      try {
        result = tracker.invocation(invocationId, SettlementException::new);
      } catch (SettlementException e) {
        // A broker down or restarting: the receipt is safe in its queue; keep waiting.
        boolean away =
            ErrorCodes.UNAVAILABLE.equals(e.code()) || EdgeMarketException.TIMEOUT.equals(e.code());
        if (!away || System.currentTimeMillis() >= deadline || !Tracker.pause(attempt)) {
          throw e;
        }
        state = e.getMessage();
        continue;
      }
      if (result.status() == Status.FAILED) {
        throw new SettlementException(
            Failure.of(ErrorCodes.UNAVAILABLE).id(invocationId),
            "invocation failed; there is nothing to settle",
            null);
      }
      if (result.settlement() == Settlement.REJECTED) {
        throw new SettlementException(
            Failure.of(Settlement.REJECTED.name()).id(invocationId),
            "the ledger rejected the receipt",
            null);
      }
      state = "status " + result.status() + ", settlement " + result.settlement();
      if (result.settlement() == Settlement.SETTLED && result.receipt() != null) {
        // The answer's receipt may be a redundant run's (the primary's was found wrong).
        Optional<String> missing =
            onLedger(result.receipt().assignment().runId(), result.receipt());
        if (missing.isEmpty()) {
          return result.receipt();
        }
        state = missing.get();
      }
      if (System.currentTimeMillis() >= deadline || !Tracker.pause(attempt)) {
        throw new SettlementException(
            Failure.of(EdgeMarketException.TIMEOUT).id(invocationId),
            "invocation " + invocationId + " not settled within " + wait + " (" + state + ")",
            null);
      }
    }
  }

  /** Empty when the ledger holds this receipt (or will not tell us); else what is missing. */
  private Optional<String> onLedger(String invocationId, Receipt receipt)
      throws SettlementException {
    String json;
    try {
      json = ledger.evaluate(Transactions.GET_RECEIPT, invocationId);
    } catch (LedgerException e) {
      if (ErrorCodes.FORBIDDEN.equals(e.code())) {
        return Optional.empty();
      }
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        return Optional.of("the broker says settled but the ledger has no receipt yet");
      }
      throw new SettlementException(
          Failure.of(e.code()).id(invocationId).transactionId(e.transactionId()),
          "reading the receipt: " + e.getMessage(),
          e);
    }
    Records.ProvenReceipt record;
    try {
      record = Records.read(json, Records.ProvenReceipt.class);
    } catch (IllegalArgumentException e) {
      throw new SettlementException(
          Failure.of(ErrorCodes.INTERNAL).id(invocationId), "unreadable receipt record: " + e, e);
    }
    byte[] leaf = receipt.leafHash();
    if (record.receipt() == null
        || !Crypto.hex(record.receipt().leafHash()).equals(Crypto.hex(leaf))) {
      throw new SettlementException(
          Failure.of(EdgeMarketException.VERIFICATION_FAILED).id(invocationId),
          "the ledger settled a different receipt for " + invocationId,
          null);
    }
    if (record.proof() != null
        && record.merkleRoot() != null
        && !record.proof().verifies(leaf, record.merkleRoot())) {
      throw new SettlementException(
          Failure.of(EdgeMarketException.VERIFICATION_FAILED).id(invocationId),
          "the receipt's Merkle proof does not reach batch " + record.batchId() + "'s root",
          null);
    }
    return Optional.empty();
  }
}
