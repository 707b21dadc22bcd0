package io.edgemarket.broker.invoke;

import io.edgemarket.broker.chain.MarketLedger;
import io.edgemarket.model.Receipt;
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
 * Providers' registered public keys, fetched from the ledger and kept. Receipts are verified
 * against the registered key, exactly as the chaincode will. A provider may rotate its certificate
 * ({@code participants:RotateCertificate}), so a receipt that fails with the kept key is checked
 * once more against the key the ledger holds now ({@link #verifies}); that re-read happens at most
 * once a second per provider, so forged receipts cannot turn every answer into a ledger read.
 */
final class ProviderKeys {
  private final MarketLedger ledger;
  private final TrustRoots trust;

  /** The shortest time between two re-reads of one provider's key. */
  static final long REREAD_MILLIS = 1_000;

  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private final Map<String, Long> rereadAt = new ConcurrentHashMap<>();

  ProviderKeys(MarketLedger ledger, TrustRoots trust) {
    this.ledger = ledger;
    this.trust = trust;
  }

  /**
   * Whether the receipt verifies with its provider's registered key: the kept one, else (the
   * provider may have rotated) the one the ledger holds now. Empty when the provider is not a
   * registered provider of this market.
   */
  Optional<Boolean> verifies(Receipt receipt) throws LedgerException {
    String providerId = receipt.providerId();
    Optional<PublicKey> kept = of(providerId);
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    if (receipt.verify(kept.get())) {
      return Optional.of(true);
    }
    long now = System.currentTimeMillis();
    Long last = rereadAt.get(providerId);
    if (last != null && now - last < REREAD_MILLIS) {
      return Optional.of(false);
    }
    rereadAt.put(providerId, now);
    keys.remove(providerId, kept.get());
    Optional<PublicKey> current = of(providerId);
    return Optional.of(
        current.isPresent() && !current.get().equals(kept.get()) && receipt.verify(current.get()));
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
