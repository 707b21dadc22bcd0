package io.edgemarket.broker.invoke;

import io.edgemarket.broker.market.VerifierBook;
import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.InvocationResult.Settlement;
import io.edgemarket.model.api.InvocationResult.Status;
import io.edgemarket.model.api.Verification;
import io.edgemarket.model.crypto.Crypto;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code reexecute} check of a sampled Wasm invocation: after the primary answered, an
 * independent verifier (an auditor's identity, never a party to the invocation) re-executes it from
 * the disclosed input, synchronously. Agreement answers with the primary and pays it. A mismatch is
 * the verifier's to take to the ledger (it opens and resolves the dispute with its verdict); the
 * consumer gets the verifier's output, and the provider's receipt is not paid (the answer's cost is
 * 0 and its settlement REJECTED; the receipt stays in the answer as the evidence). With no live
 * verifier, or none answering, the primary's answer stands on its receipt alone.
 */
final class Reexecutions {
  private static final Logger LOG = LoggerFactory.getLogger(Reexecutions.class);
  private static final int DEADLINE_FACTOR = 4;
  private static final long GRACE_MILLIS = 5_000;

  private final VerifierBook verifiers;
  private final VerifierClient client;

  Reexecutions(VerifierBook verifiers, VerifierClient client) {
    this.verifiers = verifiers;
    this.client = client;
  }

  Checks.Checked check(Attempts.Job job, Runs.Run primary) {
    FunctionSpec function = job.function();
    if (!FunctionSpec.RUNTIME_WASM.equals(function.runtime())) {
      return Checks.single(function, primary, Verification.NOT_SAMPLED);
    }
    Optional<VerifierBook.Seen> verifier = verifiers.pick(primary.providerId());
    if (verifier.isEmpty()) {
      LOG.warn(
          "invocation {}: sampled for re-execution, but no verifier is live", job.invocationId());
      return Checks.single(function, primary, Verification.NOT_SAMPLED);
    }
    Duration timeout = Duration.ofMillis(function.timeoutMs() * DEADLINE_FACTOR + GRACE_MILLIS);
    VerifierClient.VerifyAnswer answer;
    try {
      answer =
          client
              .verify(
                  verifier.get().endpoint(),
                  new VerifierClient.VerifyRequest(primary.receipt(), function, job.input()),
                  timeout)
              .orElseThrow();
    } catch (VerifierClient.VerifierUnavailable e) {
      LOG.warn(
          "invocation {}: verifier {} gave no verdict: {}",
          job.invocationId(),
          verifier.get().verifierId(),
          e.getMessage());
      return Checks.single(function, primary, Verification.NOT_SAMPLED);
    }
    List<String> who = List.of(primary.providerId(), verifier.get().verifierId());
    Receipt receipt = primary.receipt();
    if (Verification.AGREED.equals(answer.outcome())) {
      return new Checks.Checked(
          Checks.answer(primary, Checks.verification(function, who, Verification.AGREED)),
          List.of(receipt));
    }
    byte[] output = answer.output() == null ? new byte[0] : answer.output();
    if (!Crypto.saltedDigest(receipt.ticket().salt(), output).equals(answer.outputDigest())
        || answer.outputDigest().equals(receipt.outputDigest())) {
      LOG.warn(
          "invocation {}: verifier {} answered inconsistently", job.invocationId(), who.get(1));
      return Checks.single(function, primary, Verification.NOT_SAMPLED);
    }
    if (answer.slashed() != null && answer.slashed().contains(primary.providerId())) {
      primary.live().stats().disputesLost(primary.live().stats().disputesLost() + 1);
    }
    String outcome =
        Verification.PROVIDER_SLASHED.equals(answer.outcome())
            ? Verification.PROVIDER_SLASHED
            : Verification.DISPUTED;
    LOG.warn(
        "invocation {}: provider {} was wrong (re-executed by {}): {}",
        job.invocationId(),
        primary.providerId(),
        who.get(1),
        outcome);
    InvocationResult result =
        new InvocationResult(
            receipt.invocationId(),
            Receipt.OK.equals(answer.status()) ? Status.OK : Status.FUNCTION_ERROR,
            output,
            "the output of provider "
                + primary.providerId()
                + " was wrong: this is verifier "
                + who.get(1)
                + "'s re-execution; the provider's receipt is not paid",
            receipt,
            0,
            primary.providerId(),
            Settlement.REJECTED,
            null,
            Checks.verification(function, who, outcome));
    return new Checks.Checked(result, List.of());
  }
}
