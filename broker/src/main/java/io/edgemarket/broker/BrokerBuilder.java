package io.edgemarket.broker;

import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.ServerCredentials;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Builds a {@link Broker}; every setter checks its argument at once, {@link #build} the whole. */
public final class BrokerBuilder {
  Path dataDir;
  String host = "127.0.0.1";
  int port = 8080;
  CertificateAuthority ca;
  Identity identity;
  int expectedProviders;
  int batchSize = 256;
  Duration batchInterval = Duration.ofMillis(500);
  LedgerBackend ledger;
  TrustRoots trust;
  ServerCredentials tls;
  int maxInFlightPerConsumer = ConsumerLimits.DEFAULT_MAX_IN_FLIGHT;
  int invocationsPerMinutePerConsumer;

  BrokerBuilder() {}

  /** Where the broker keeps its ledger, blobs and settlement queue. */
  public BrokerBuilder dataDir(Path dir) {
    this.dataDir = Objects.requireNonNull(dir, "dataDir");
    return this;
  }

  public BrokerBuilder host(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    this.host = host;
    return this;
  }

  /**
   * Serve HTTPS (TLS 1.2 and 1.3 only) with this key and certificate chain instead of plain HTTP;
   * the port then answers nothing to plain HTTP. Clients may present a certificate from the trust
   * roots, and are refused if they present another; none is required.
   */
  public BrokerBuilder tls(ServerCredentials credentials) {
    this.tls = Objects.requireNonNull(credentials, "tls");
    return this;
  }

  /** The HTTP port; 0 picks a free one (read it back with {@link Broker#port()}). */
  public BrokerBuilder port(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    this.port = port;
    return this;
  }

  /** The market CA: trust root for signed requests and the embedded ledger's MSP. */
  public BrokerBuilder ca(CertificateAuthority ca) {
    this.ca = Objects.requireNonNull(ca, "ca");
    return this;
  }

  /**
   * Every CA whose participants may use this broker, when there are more than the market CA: on
   * Fabric each organisation of the consortium has its own. Must include the market CA.
   */
  public BrokerBuilder trust(TrustRoots roots) {
    this.trust = Objects.requireNonNull(roots, "trust");
    return this;
  }

  /** The broker's own identity (role broker); it settles batches as itself. */
  public BrokerBuilder identity(Identity identity) {
    Objects.requireNonNull(identity, "identity");
    if (identity.role() != Role.BROKER) {
      throw new IllegalArgumentException("the broker identity must have role broker: " + identity);
    }
    this.identity = identity;
    return this;
  }

  /** Health answers 503 until this many providers have live offers and send heartbeats. */
  public BrokerBuilder expectedProviders(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("expectedProviders must not be negative: " + count);
    }
    this.expectedProviders = count;
    return this;
  }

  /** Most receipts per settlement transaction (the chaincode accepts up to 5000). */
  public BrokerBuilder batchSize(int size) {
    if (size < 1 || size > 5000) {
      throw new IllegalArgumentException("batchSize must be 1..5000: " + size);
    }
    this.batchSize = size;
    return this;
  }

  /** Longest a receipt waits for its batch to fill before being settled anyway. */
  public BrokerBuilder batchInterval(Duration interval) {
    Objects.requireNonNull(interval, "batchInterval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("batchInterval must be positive: " + interval);
    }
    this.batchInterval = interval;
    return this;
  }

  /**
   * Most invocations one consumer may have in flight at once (default {@value
   * ConsumerLimits#DEFAULT_MAX_IN_FLIGHT}; 0: no limit). One more is refused with 429 {@code
   * TOO_MANY_IN_FLIGHT} and {@code Retry-After} before anything is held or its invocation id used.
   */
  public BrokerBuilder maxInFlightPerConsumer(int max) {
    new ConsumerLimits(max, 0); // checks it
    this.maxInFlightPerConsumer = max;
    return this;
  }

  /**
   * Most new invocations one consumer may start per minute (a token bucket holding a minute's
   * worth; default 0: no quota). One more is refused with 429 {@code QUOTA_EXCEEDED} and {@code
   * Retry-After} before anything is held or its invocation id used.
   */
  public BrokerBuilder invocationsPerMinutePerConsumer(int perMinute) {
    new ConsumerLimits(0, perMinute); // checks it
    this.invocationsPerMinutePerConsumer = perMinute;
    return this;
  }

  /**
   * Another ledger backend instead of the embedded one (which is then not opened). The broker takes
   * ownership: closing the broker closes the backend.
   */
  public BrokerBuilder ledger(LedgerBackend backend) {
    this.ledger = Objects.requireNonNull(backend, "ledger");
    return this;
  }

  public Broker build() {
    if (dataDir == null || ca == null || identity == null) {
      throw new IllegalStateException("a broker needs dataDir, ca and identity");
    }
    if (!ca.trusts(identity.certificate())) {
      throw new IllegalStateException("the broker identity was not issued by the market CA");
    }
    if (trust == null) {
      trust = TrustRoots.of(ca);
    } else if (!trust.trusts(identity.certificate(), ca.mspId())) {
      throw new IllegalStateException("the trust roots must include the market CA");
    }
    return new Broker(this);
  }
}
