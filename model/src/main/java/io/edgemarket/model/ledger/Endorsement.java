package io.edgemarket.model.ledger;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The ledger's signature over one answer, as a Fabric peer endorses a proposal response: which
 * proposal (its transaction id and the digest of what its creator signed), the digest of the
 * result, whether it was committed or only evaluated, and the ledger's height and last block hash
 * when it answered. A relay between the ledger and the client (the broker) can forward it but not
 * forge it, so a client that checks it against the ledger's certificate reads what the ledger said,
 * not what the relay made up.
 *
 * @param ledgerId the hash of the ledger's genesis block
 * @param txId the proposal's transaction id
 * @param proposalDigest hex SHA-256 of the proposal's signing payload
 * @param resultDigest hex SHA-256 of the result's UTF-8 bytes
 * @param submitted true for a committed transaction, false for an evaluation
 * @param height blocks in the ledger when it answered (an evaluation read exactly that state)
 * @param lastHash the hash of block {@code height - 1}
 * @param signerPem the ledger's signing certificate
 * @param signature base64 ECDSA over {@link #signingPayload()}
 */
public record Endorsement(
    String ledgerId,
    String txId,
    String proposalDigest,
    String resultDigest,
    boolean submitted,
    long height,
    String lastHash,
    String signerPem,
    String signature) {
  public static final String DOMAIN = "edgemarket/endorsement/v1";

  /** A result together with the ledger's endorsement of it (null when the backend gives none). */
  public record Answer(String result, Endorsement endorsement) {}

  public static Endorsement sign(
      Identity ledgerSigner,
      String ledgerId,
      SignedProposal proposal,
      String result,
      boolean submitted,
      long height,
      String lastHash) {
    Endorsement unsigned =
        new Endorsement(
            ledgerId,
            proposal.transactionId(),
            proposalDigest(proposal),
            resultDigest(result),
            submitted,
            height,
            lastHash,
            ledgerSigner.certificatePem(),
            null);
    String signature =
        Base64.getEncoder().encodeToString(ledgerSigner.sign(unsigned.signingPayload()));
    return new Endorsement(
        ledgerId,
        unsigned.txId,
        unsigned.proposalDigest,
        unsigned.resultDigest,
        submitted,
        height,
        lastHash,
        unsigned.signerPem,
        signature);
  }

  public static String proposalDigest(SignedProposal proposal) {
    return Crypto.sha256Hex(proposal.signingPayload());
  }

  public static String resultDigest(String result) {
    return Crypto.sha256Hex((result == null ? "" : result).getBytes(StandardCharsets.UTF_8));
  }

  public byte[] signingPayload() {
    String text =
        DOMAIN
            + '\n'
            + ledgerId
            + '\n'
            + txId
            + '\n'
            + proposalDigest
            + '\n'
            + resultDigest
            + '\n'
            + (submitted ? "submit" : "evaluate")
            + '\n'
            + height
            + '\n'
            + lastHash;
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Why this does not endorse {@code result} as the answer to {@code proposal}, or null if it does
   * (the signature itself is checked by {@link LedgerTrust}).
   */
  public String mismatch(SignedProposal proposal, String result, boolean submit) {
    if (!proposal.transactionId().equals(txId)) {
      return "it endorses transaction " + txId + ", not " + proposal.transactionId();
    }
    if (!proposalDigest(proposal).equals(proposalDigest)) {
      return "it endorses another proposal under the same transaction id";
    }
    if (submit != submitted) {
      return submitted ? "it endorses a commit, not an evaluation" : "it endorses an evaluation";
    }
    if (!resultDigest(result).equals(resultDigest)) {
      return "the result is not the one the ledger endorsed";
    }
    return null;
  }
}
