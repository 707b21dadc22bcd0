package io.edgemarket.agent;

import io.edgemarket.model.FunctionSpec;
import io.edgemarket.model.Receipt;
import java.util.List;

/**
 * The JSON a verifier speaks (see docs/http-api.md, "Verifiers"): what a broker sends to {@code
 * POST /verify}, what the verifier answers, and the announcement it sends the broker.
 */
final class VerifierMessages {
  private VerifierMessages() {}

  /** One sampled invocation to re-execute: the primary's receipt, its function, its input. */
  record VerifyRequest(Receipt receipt, FunctionSpec function, byte[] input) {}

  /**
   * The verdict: {@code agreed} (same salted output digest as the receipt), {@code
   * provider-slashed} (another output; the verifier opened and resolved a dispute on the ledger and
   * the ledger slashed the provider) or {@code disputed} (another output; the dispute is open but
   * not resolved). {@code output} and {@code status} are the re-execution's own.
   */
  record VerifyAnswer(
      String outcome,
      String verifierId,
      String status,
      byte[] output,
      String outputDigest,
      String error,
      List<String> slashed) {}

  /** {@code POST /api/v1/verifiers/heartbeat}: where this verifier takes work. */
  record Announcement(String verifierId, String endpoint) {}
}
