package io.edgemarket.sdk;

import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records;
import io.edgemarket.model.ledger.Transactions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Participants' registered certificates, read from the ledger and cached (a registration never
 * changes its certificate). A certificate is only usable if it really is the named participant's
 * and, when a trust root is known, was issued by the market's CA: otherwise whoever wrote the
 * registration could vouch for their own signatures.
 */
final class RegisteredCertificates {
  /** A lookup's outcome: the certificate, or why there is none usable. */
  record Entry(X509Certificate certificate, String role, String problem) {
    boolean usable() {
      return certificate != null && problem == null;
    }

    /** Why this entry cannot vouch for a signer in {@code expectedRole}, or null if it can. */
    String problemAs(String participantId, String expectedRole) {
      if (!usable()) {
        return problem;
      }
      return expectedRole.equals(role)
          ? null
          : "participant " + participantId + " is registered as " + role + ", not " + expectedRole;
    }
  }

  private final LedgerGateway ledger;
  private final List<X509Certificate> trustRoots;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  /** {@code trustRoots} empty: registered certificates are taken on trust. */
  RegisteredCertificates(LedgerGateway ledger, List<X509Certificate> trustRoots) {
    this.ledger = ledger;
    this.trustRoots = List.copyOf(trustRoots);
  }

  /** Looks a participant up; a ledger failure other than NOT_FOUND propagates. */
  Entry lookup(String participantId) throws LedgerException {
    Entry cached = cache.get(participantId);
    if (cached != null) {
      return cached;
    }
    String json;
    try {
      json = ledger.evaluate(Transactions.GET_PARTICIPANT, participantId);
    } catch (LedgerException e) {
      if (ErrorCodes.NOT_FOUND.equals(e.code())) {
        // Not cached: the participant may register later.
        return new Entry(null, null, "participant " + participantId + " is not registered");
      }
      throw e;
    }
    Entry entry = check(participantId, json);
    cache.put(participantId, entry);
    return entry;
  }

  private Entry check(String participantId, String json) {
    X509Certificate certificate;
    String id;
    String role;
    try {
      Records.Participant record = Records.read(json, Records.Participant.class);
      certificate = Pem.certificate(record.certificatePem());
      id = Certificates.participantId(Certificates.commonName(certificate), record.mspId());
      role = record.role();
    } catch (IllegalArgumentException | NullPointerException e) {
      return new Entry(
          null, null, "participant " + participantId + " has a malformed record: " + e);
    }
    if (!id.equals(participantId)) {
      return new Entry(
          null,
          role,
          "participant " + participantId + " is registered with " + id + "'s certificate");
    }
    if (!trustRoots.isEmpty() && !issuedByARoot(certificate, trustRoots)) {
      return new Entry(
          certificate,
          role,
          "participant " + participantId + "'s certificate is not issued by the market CA");
    }
    return new Entry(certificate, role, null);
  }

  static boolean issuedByARoot(X509Certificate certificate, List<X509Certificate> roots) {
    return roots.stream().anyMatch(root -> Certificates.issuedBy(certificate, root));
  }
}
