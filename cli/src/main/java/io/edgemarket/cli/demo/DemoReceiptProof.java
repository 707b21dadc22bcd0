package io.edgemarket.cli.demo;

import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.sdk.AuditException;
import io.edgemarket.sdk.Auditor;
import io.edgemarket.sdk.ReceiptVerification;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies one paid invocation end to end as an auditor would, trusting only the ledger and the
 * output the consumer received: the SDK's step-by-step receipt verification (both signatures
 * against the certificates registered on the ledger, the broker's signature, the price, the
 * receipt's place under its batch's Merkle root), and the output digest.
 */
public final class DemoReceiptProof {
  private final LedgerGateway auditor;
  private final TrustRoots trustRoots;

  /** Registered certificates taken on trust. */
  public DemoReceiptProof(LedgerGateway auditor) {
    this(auditor, null);
  }

  /** Registered certificates must also be issued by one of {@code trustRoots}. */
  public DemoReceiptProof(LedgerGateway auditor, TrustRoots trustRoots) {
    this.auditor = auditor;
    this.trustRoots = trustRoots;
  }

  /** The problems found, one per failed step; empty when the receipt is fully verified. */
  public List<String> problems(String invocationId, byte[] outputReceived) throws AuditException {
    Auditor.Builder builder = Auditor.builder().ledger(auditor);
    if (trustRoots != null) {
      builder.trustRoots(trustRoots);
    }
    ReceiptVerification verification;
    try (Auditor verifier = builder.build()) {
      verification = verifier.verifyReceipt(invocationId);
    }
    List<String> problems = new ArrayList<>();
    verification.failures().forEach(step -> problems.add(step.name() + ": " + step.detail()));
    if (verification.record().receipt() == null
        || !verification.record().receipt().matchesOutput(outputReceived)) {
      problems.add("output received does not match the receipt's output digest");
    }
    return problems;
  }
}
