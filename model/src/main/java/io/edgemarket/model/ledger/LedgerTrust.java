package io.edgemarket.model.ledger;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.LedgerException.Phase;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * Whom a client believes about the embedded ledger: signatures ({@link Endorsement}s, {@link
 * Checkpoint}s) by the ledger's signing certificate, which must carry the orderer role, be issued
 * by one of the trust roots (when any are given) and be the pinned certificate. Without a pin the
 * first valid signer is pinned (trust on first use); a caller that keeps the pin (an auditor, with
 * its checkpoint) passes it next time, so another certificate, even one the CA issued, is refused.
 * Thread-safe.
 */
public final class LedgerTrust {
  private final List<X509Certificate> roots;
  private volatile X509Certificate pinned;

  /**
   * @param roots the CAs that may have issued the ledger's certificate; empty: any issuer
   * @param pinned the ledger's certificate as seen before, or null to pin the first one seen
   */
  public LedgerTrust(List<X509Certificate> roots, X509Certificate pinned) {
    this.roots = List.copyOf(roots);
    this.pinned = pinned;
  }

  /** The pinned ledger certificate; null until a first signature was verified. */
  public X509Certificate pinned() {
    return pinned;
  }

  /** Verifies an endorsement's signature, and that it is the answer to this proposal. */
  public void verify(
      Endorsement endorsement, SignedProposal proposal, String result, boolean submit)
      throws LedgerException {
    Phase phase = submit ? Phase.SUBMIT : Phase.EVALUATE;
    String txId = proposal.transactionId();
    if (endorsement == null) {
      throw refused(
          phase, txId, "the answer carries no endorsement by the ledger (is the broker older?)");
    }
    String mismatch = endorsement.mismatch(proposal, result, submit);
    if (mismatch != null) {
      throw refused(phase, txId, "the ledger's endorsement does not match: " + mismatch);
    }
    verifySignature(
        endorsement.signerPem(),
        endorsement.signingPayload(),
        endorsement.signature(),
        phase,
        txId);
  }

  /** Verifies a checkpoint's signature by the ledger. */
  public void verify(Checkpoint checkpoint) throws LedgerException {
    if (checkpoint == null || checkpoint.height() < 1 || checkpoint.lastHash() == null) {
      throw refused(Phase.EVALUATE, null, "the ledger's checkpoint is incomplete");
    }
    verifySignature(
        checkpoint.signerPem(),
        checkpoint.signingPayload(),
        checkpoint.signature(),
        Phase.EVALUATE,
        null);
  }

  private void verifySignature(
      String signerPem, byte[] payload, String signature, Phase phase, String txId)
      throws LedgerException {
    X509Certificate signer;
    try {
      signer = Pem.certificate(signerPem);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw refused(phase, txId, "the ledger's signing certificate is unreadable");
    }
    X509Certificate expected = pinned;
    if (expected != null && !expected.equals(signer)) {
      throw refused(
          phase,
          txId,
          "it is signed by "
              + Certificates.commonName(signer)
              + " ("
              + signer.getSerialNumber().toString(16)
              + "), not by the ledger certificate pinned earlier ("
              + expected.getSerialNumber().toString(16)
              + ")");
    }
    if (expected == null) {
      if (Certificates.role(signer) != Role.ORDERER) {
        throw refused(phase, txId, "its signer is not a ledger (orderer) certificate");
      }
      if (!roots.isEmpty() && roots.stream().noneMatch(r -> Certificates.issuedBy(signer, r))) {
        throw refused(phase, txId, "its signer's certificate is not issued by the market CA");
      }
    }
    boolean valid;
    try {
      valid =
          Crypto.verify(
              signer.getPublicKey(),
              payload,
              Base64.getDecoder().decode(signature == null ? "" : signature));
    } catch (IllegalArgumentException e) {
      valid = false;
    }
    if (!valid) {
      throw refused(phase, txId, "the ledger's signature does not verify: the answer was altered");
    }
    if (expected == null) {
      synchronized (this) {
        if (pinned == null) {
          pinned = signer;
        } else if (!pinned.equals(signer)) {
          throw refused(phase, txId, "it is signed by another ledger certificate than pinned");
        }
      }
    }
  }

  private static LedgerException refused(Phase phase, String txId, String why) {
    return new LedgerException(phase, ErrorCodes.BAD_SIGNATURE, txId, "unverified answer: " + why);
  }
}
