package io.edgemarket.sdk;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Validates each argument as it is given, so a mistake is reported where it was made. */
final class ClientBuilder implements EdgeMarket.Builder {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private URI broker;
  private Identity identity;
  private final List<X509Certificate> trustRoots = new ArrayList<>();
  private final List<X509Certificate> tlsTrust = new ArrayList<>();
  private LedgerGateway ledger;
  private Duration timeout = DEFAULT_TIMEOUT;

  @Override
  public ClientBuilder broker(URI uri) {
    this.broker = validBroker(uri);
    return this;
  }

  @Override
  public ClientBuilder identity(Identity id) {
    this.identity = Objects.requireNonNull(id, "identity");
    return this;
  }

  @Override
  public ClientBuilder trustRoot(X509Certificate root) {
    trustRoots.add(Objects.requireNonNull(root, "trustRoot"));
    return this;
  }

  @Override
  public ClientBuilder trustRoots(TrustRoots roots) {
    trustRoots.addAll(Objects.requireNonNull(roots, "trustRoots").certificates());
    return this;
  }

  @Override
  public ClientBuilder tlsTrust(X509Certificate caCertificate) {
    tlsTrust.add(Objects.requireNonNull(caCertificate, "tlsTrust"));
    return this;
  }

  @Override
  public ClientBuilder tlsTrust(TrustRoots roots) {
    tlsTrust.addAll(Objects.requireNonNull(roots, "tlsTrust").certificates());
    return this;
  }

  @Override
  public ClientBuilder ledger(LedgerGateway gateway) {
    this.ledger = Objects.requireNonNull(gateway, "ledger");
    return this;
  }

  @Override
  public ClientBuilder timeout(Duration value) {
    Objects.requireNonNull(value, "timeout");
    if (value.isNegative() || value.toMillis() == 0) {
      throw new IllegalArgumentException("timeout must be at least 1 ms: " + value);
    }
    this.timeout = value;
    return this;
  }

  private static final Set<Role> READERS =
      EnumSet.of(Role.CONSUMER, Role.PROVIDER, Role.AUDITOR, Role.ADMIN);

  @Override
  public EdgeMarket build() {
    Objects.requireNonNull(broker, "broker (call broker(URI) before build())");
    Objects.requireNonNull(identity, "identity (call identity(Identity) before build())");
    // Auditors and admins read through it too: invocations, receipts, sign-in links, and an
    // auditor publishes its audit report; a provider asks for its sign-in link (the broker
    // decides what each role may do). Ledger nodes and the bridge have no business with it.
    if (!READERS.contains(identity.role())) {
      throw new IllegalArgumentException(
          "identity "
              + identity.id()
              + " is a "
              + identity.role()
              + ", not a consumer (nor a provider, auditor or admin)");
    }
    if (!trustRoots.isEmpty()
        && !RegisteredCertificates.issuedByARoot(identity.certificate(), trustRoots)) {
      throw new IllegalArgumentException(
          "identity " + identity.id() + " was not issued by trustRoot (wrong market's CA?)");
    }
    if (ledger != null && !ledger.identity().id().equals(identity.id())) {
      throw new IllegalArgumentException(
          "ledger is signed by " + ledger.identity().id() + ", not by " + identity.id());
    }
    return new EdgeMarketClient(
        broker, identity, trustRoots, tlsTrust(tlsTrust, trustRoots), ledger, timeout);
  }

  /** The CAs a broker's TLS certificate must come from: those given, else the trust roots. */
  static List<X509Certificate> tlsTrust(
      List<X509Certificate> given, List<X509Certificate> trustRoots) {
    return List.copyOf(given.isEmpty() ? trustRoots : given);
  }

  /** An absolute http(s) URL with a host; a trailing path is dropped (the API is at the root). */
  static URI validBroker(URI uri) {
    Objects.requireNonNull(uri, "broker");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("broker must be an http or https URL: " + uri);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("broker URL has no host: " + uri);
    }
    return URI.create(scheme + "://" + uri.getRawAuthority());
  }
}
