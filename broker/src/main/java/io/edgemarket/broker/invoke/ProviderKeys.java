package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.Records.Participant;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Providers' registered public keys, fetched once from the ledger and kept: the chaincode never
 * lets a participant re-register with another certificate, so a key, once known, stays right.
 * Receipts are verified against the registered key, exactly as the chaincode will.
 */
final class ProviderKeys {
  private final MarketLedger ledger;
  private final TrustRoots trust;
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();

  ProviderKeys(MarketLedger ledger, TrustRoots trust) {
    this.ledger = ledger;
    this.trust = trust;
  }

  /** The provider's key, or empty when it is not a registered provider of this market. */
  Optional<PublicKey> of(String providerId) throws LedgerException {
    PublicKey key = keys.get(providerId);
    if (key != null) {
      return Optional.of(key);
    }
    Optional<Participant> participant = ledger.participant(providerId);
    if (participant.isEmpty() || !Role.PROVIDER.attributeValue().equals(participant.get().role())) {
      return Optional.empty();
    }
    X509Certificate certificate;
    try {
      certificate = Pem.certificate(participant.get().certificatePem());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!trust.trusts(certificate)) {
      return Optional.empty();
    }
    keys.put(providerId, certificate.getPublicKey());
    return Optional.of(certificate.getPublicKey());
  }
}
