package io.edgemarket.ledger.embedded;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.SignedProposal;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded MSPs' check of a proposal, as a peer's endorser makes it before running anything:
 * the creator belongs to one of the member MSPs (the ledger's own, and those of the other
 * organisations it admits, as on a multi-organisation Fabric channel), its certificate was issued
 * by that MSP's own root and is valid now, the proposal is fresh, and the creator signed it. Roles
 * are the chaincode's business.
 */
final class ProposalVerifier {
  /** How far a proposal's timestamp may be from the ledger's clock, either way. */
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final int MAX_CACHED = 10_000;

  private final TrustRoots members;
  private final Clock clock;
  // Certificates already checked against the CA: saves a signature check per proposal.
  private final Map<String, X509Certificate> trusted = new ConcurrentHashMap<>();

  ProposalVerifier(TrustRoots members, Clock clock) {
    this.members = members;
    this.clock = clock;
  }

  /** Returns the creator's certificate, or throws UNAUTHENTICATED saying what is wrong. */
  X509Certificate verify(SignedProposal proposal) throws LedgerException {
    if (proposal == null
        || proposal.mspId() == null
        || proposal.creatorPem() == null
        || proposal.transaction() == null
        || proposal.nonce() == null
        || proposal.signature() == null) {
      throw reject(null, "the proposal is incomplete");
    }
    String txId = proposal.transactionId();
    if (members.root(proposal.mspId()).isEmpty()) {
      throw reject(
          txId,
          "creator MSP "
              + proposal.mspId()
              + " is not a member (members: "
              + members.mspIds()
              + ")");
    }
    long skew = Math.abs(clock.millis() - proposal.timestamp());
    if (skew > MAX_SKEW.toMillis()) {
      throw reject(
          txId,
          "the proposal timestamp is "
              + skew / 1000
              + " s from the ledger's clock (at most "
              + MAX_SKEW.toSeconds()
              + " s)");
    }
    X509Certificate certificate = trustedCertificate(proposal.mspId(), proposal.creatorPem());
    if (certificate == null) {
      throw reject(
          txId, "the creator's certificate is not issued by the " + proposal.mspId() + " CA");
    }
    if (!signatureValid(proposal, certificate)) {
      throw reject(
          txId, "the proposal signature does not verify against the creator's certificate");
    }
    return certificate;
  }

  /**
   * {@link SignedProposal#signatureValid()}, with the certificate already parsed and trusted rather
   * than parsed again from the proposal's PEM.
   */
  private static boolean signatureValid(SignedProposal proposal, X509Certificate certificate) {
    try {
      byte[] signature = Base64.getDecoder().decode(proposal.signature());
      return Crypto.verify(certificate.getPublicKey(), proposal.signingPayload(), signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private X509Certificate trustedCertificate(String mspId, String pem) {
    String key = mspId + '\n' + pem; // trusted as a member of that MSP only
    X509Certificate known = trusted.get(key);
    if (known != null) {
      try {
        known.checkValidity(new Date(clock.millis()));
        return known;
      } catch (GeneralSecurityException e) {
        trusted.remove(key);
        return null;
      }
    }
    X509Certificate certificate;
    try {
      certificate = Pem.certificate(pem);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!members.trusts(certificate, mspId)) {
      return null;
    }
    if (trusted.size() >= MAX_CACHED) {
      trusted.clear();
    }
    trusted.put(key, certificate);
    return certificate;
  }

  private static LedgerException reject(String txId, String why) {
    return new LedgerException(
        LedgerException.Phase.ENDORSE, ErrorCodes.UNAUTHENTICATED, txId, why);
  }
}
