package io.edgemarket.sdk;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Verification;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Dispute;
import io.edgemarket.model.ledger.Transactions;
import java.util.Optional;

/**
 * Checks an answer whose output is not the one its receipt describes: the broker says the
 * provider's output was found wrong (a {@code reexecute} function's verifier re-executed it) and
 * gives the verifier's output instead. That is acceptable only when nothing is charged for it and
 * the ledger's dispute about the invocation holds this receipt, and, when the broker says the
 * provider was slashed, names the provider slashed and this output's salted digest as the correct
 * one. A ledger that will not let us read the dispute (FORBIDDEN) leaves the broker's word.
 */
final class OverruledAnswer {
  private final LedgerGateway ledger;

  OverruledAnswer(LedgerGateway ledger) {
    this.ledger = ledger;
  }

  Optional<String> problem(InvocationResult result, Receipt receipt, byte[] output) {
    Verification how = result.verification();
    String outcome = how == null ? null : how.outcome();
    if (!Verification.PROVIDER_SLASHED.equals(outcome) && !Verification.DISPUTED.equals(outcome)) {
      return Optional.of("the output does not match the receipt's output digest");
    }
    if (result.cost() != 0 || result.settlement() != InvocationResult.Settlement.REJECTED) {
      return Optional.of("an overruled provider's receipt must not be charged");
    }
    if (ledger == null) {
      return Optional.empty();
    }
    Dispute dispute;
    try {
      dispute =
          Json.read(
              ledger.evaluate(Transactions.GET_DISPUTE, receipt.invocationId()), Dispute.class);
    } catch (LedgerException e) {
      if (ErrorCodes.FORBIDDEN.equals(e.code())) {
        return Optional.empty();
      }
      return Optional.of("no dispute on the ledger backs the overruled output: " + e.code());
    } catch (IllegalArgumentException e) {
      return Optional.of("unreadable dispute record: " + e.getMessage());
    }
    if (dispute.receipts().stream().noneMatch(r -> r.signature().equals(receipt.signature()))) {
      return Optional.of("the ledger's dispute does not hold the overruled receipt");
    }
    if (Verification.PROVIDER_SLASHED.equals(outcome)) {
      String digest = Crypto.saltedDigest(receipt.ticket().salt(), output);
      if (!Dispute.RESOLVED.equals(dispute.status())
          || !digest.equals(dispute.correctOutputDigest())
          || !dispute.slashed().contains(receipt.providerId())) {
        return Optional.of("the ledger's verdict does not back the output given instead");
      }
    }
    return Optional.empty();
  }
}
