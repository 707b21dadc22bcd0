package io.edgemarket.model.crypto;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The CAs a participant accepts certificates from, one per MSP. On the embedded ledger the market
 * has one CA; on Fabric every organisation of the consortium has its own (providers enrol with the
 * providers' cooperative, consumers and the broker with the consumers' organisation), and a broker,
 * agent, SDK or auditor must accept both. Immutable.
 */
public final class TrustRoots {
  private final Map<String, X509Certificate> roots;

  private TrustRoots(Map<String, X509Certificate> roots) {
    this.roots = Collections.unmodifiableMap(roots);
  }

  /** A single root: the embedded market's CA. */
  public static TrustRoots of(String mspId, X509Certificate root) {
    return new TrustRoots(Map.of()).and(mspId, root);
  }

  /** The CA of {@code authority}, under its MSP id. */
  public static TrustRoots of(CertificateAuthority authority) {
    return of(authority.mspId(), authority.certificate());
  }

  /** These roots and one more; an MSP may have only one root. */
  public TrustRoots and(String mspId, X509Certificate root) {
    Objects.requireNonNull(root, "root");
    if (mspId == null || mspId.isBlank()) {
      throw new IllegalArgumentException("mspId must not be blank");
    }
    X509Certificate known = roots.get(mspId);
    if (known != null && !known.equals(root)) {
      throw new IllegalArgumentException("MSP " + mspId + " already has another root");
    }
    Map<String, X509Certificate> more = new LinkedHashMap<>(roots);
    more.put(mspId, root);
    return new TrustRoots(more);
  }

  public TrustRoots and(CertificateAuthority authority) {
    return and(authority.mspId(), authority.certificate());
  }

  /** The MSP whose root issued {@code certificate}, if any of them did. */
  public Optional<String> mspOf(X509Certificate certificate) {
    for (Map.Entry<String, X509Certificate> root : roots.entrySet()) {
      if (Certificates.issuedBy(certificate, root.getValue())) {
        return Optional.of(root.getKey());
      }
    }
    return Optional.empty();
  }

  public boolean trusts(X509Certificate certificate) {
    return mspOf(certificate).isPresent();
  }

  /** True when {@code mspId} is one of these MSPs and its root issued {@code certificate}. */
  public boolean trusts(X509Certificate certificate, String mspId) {
    X509Certificate root = roots.get(mspId);
    return root != null && Certificates.issuedBy(certificate, root);
  }

  public Set<String> mspIds() {
    return roots.keySet();
  }

  /** Every root, in the order they were added. */
  public List<X509Certificate> certificates() {
    return List.copyOf(roots.values());
  }

  /** The root of {@code mspId}; empty when that MSP is not trusted. */
  public Optional<X509Certificate> root(String mspId) {
    return Optional.ofNullable(roots.get(mspId));
  }

  @Override
  public String toString() {
    return "TrustRoots" + roots.keySet();
  }
}
