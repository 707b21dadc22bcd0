package io.edgemarket.sdk;

import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerGateway;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Checks the broker's answer about one of our invocations before anyone relies on it. The broker
 * relays what a provider produced; neither is trusted to report output, receipt or price honestly,
 * and everything needed to check them is in our own ticket and the provider's signed receipt.
 */
final class AnswerVerifier {
  /** Finds a provider's certificate; empty when it cannot be checked (no trust root). */
  interface ProviderKeys {
    Optional<X509Certificate> certificate(String providerId) throws ProviderUnknown;
  }

  /** The provider is not registered, or its certificate is not the market's. */
  static final class ProviderUnknown extends Exception {
    private static final long serialVersionUID = 1L;

    ProviderUnknown(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Identity self;
  private final ProviderKeys providers;
  private final OverruledAnswer overruled;

  AnswerVerifier(Identity self, ProviderKeys providers) {
    this(self, providers, null);
  }

  /** With {@code ledger}, an answer that overrules its provider is checked against the dispute. */
  AnswerVerifier(Identity self, ProviderKeys providers, LedgerGateway ledger) {
    this.self = self;
    this.providers = providers;
    this.overruled = new OverruledAnswer(ledger);
  }

  /**
   * The first problem with a finished result (OK or FUNCTION_ERROR), or empty when it checks out.
   * {@code ours} is the ticket we issued for it, or null when we no longer have it: then the
   * receipt's ticket must at least carry our own valid signature.
   */
  Optional<String> problem(InvocationResult result, InvocationTicket ours, String invocationId) {
    Receipt receipt = result.receipt();
    if (receipt == null) {
      return Optional.of("the answer carries no receipt");
    }
    InvocationTicket ticket = receipt.ticket();
    if (!invocationId.equals(result.invocationId())
        || !invocationId.equals(ticket.invocationId())) {
      return Optional.of("the answer is about invocation " + ticket.invocationId());
    }
    if (ours != null && !ours.equals(ticket)) {
      return Optional.of("the receipt is not for the ticket we signed");
    }
    if (ours == null && ticket.firedUnderGrant()) {
      // A run one of our routes fired: its broker signed the ticket under our grant, which the
      // ledger checks before it charges us (receipt verify checks both signatures).
      if (!self.id().equals(ticket.consumerId())) {
        return Optional.of("the receipt's ticket is not " + self.id() + "'s");
      }
    } else if (ours == null && !ticket.verify(self.certificate().getPublicKey())) {
      return Optional.of("the receipt's ticket is not signed by " + self.id());
    }
    byte[] output = result.output() == null ? new byte[0] : result.output();
    // A broker that no longer keeps the output says so; there is then no output to check, and the
    // receipt (checked below) is what the consumer pays by. Only a result that claims an output
    // must match the receipt's digest.
    if (!result.outputDropped() && !receipt.matchesOutput(output)) {
      // Only a provider found wrong (reexecute) may be overruled, and only as the ledger says.
      Optional<String> problem = overruled.problem(result, receipt, output);
      return problem.isPresent() ? problem : signatureProblem(receipt);
    }
    if (!receipt.status().equals(result.status().name())) {
      return Optional.of(
          "the receipt says " + receipt.status() + " but the answer says " + result.status());
    }
    if (!receipt.amountIsConsistent()) {
      return Optional.of("the receipt's amount is not what its usage costs at its prices");
    }
    if (receipt.amount() > ticket.maxPrice()) {
      return Optional.of(
          "the receipt charges " + receipt.amount() + ", over the ticket's " + ticket.maxPrice());
    }
    // The cost is what is charged: the receipt's amount, or nothing once settlement rejected it.
    long charged =
        result.settlement() == InvocationResult.Settlement.REJECTED ? 0 : receipt.amount();
    if (result.cost() != charged) {
      return Optional.of("the answer's cost " + result.cost() + " is not the " + charged + " due");
    }
    if (result.providerId() != null && !result.providerId().equals(receipt.providerId())) {
      return Optional.of("the answer names provider " + result.providerId() + ", not the signer");
    }
    return signatureProblem(receipt);
  }

  private Optional<String> signatureProblem(Receipt receipt) {
    Optional<X509Certificate> certificate;
    try {
      certificate = providers.certificate(receipt.providerId());
    } catch (ProviderUnknown e) {
      return Optional.of(e.getMessage());
    }
    if (certificate.isPresent() && !receipt.verify(certificate.get().getPublicKey())) {
      return Optional.of("the receipt is not signed by provider " + receipt.providerId());
    }
    return Optional.empty();
  }
}
