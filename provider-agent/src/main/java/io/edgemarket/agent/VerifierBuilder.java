package io.edgemarket.agent;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Verifier}; each setter rejects a bad value at once. Required: broker,
 * identity (role AUDITOR), trustRoots, dataDir.
 */
public final class VerifierBuilder {
  URI broker;
  Identity identity;
  TrustRoots trust;
  Path dataDir;
  LedgerGateway ledger;
  String bindHost = "127.0.0.1";
  int port;
  int workers = 2;
  Duration heartbeatInterval = Duration.ofSeconds(2);

  VerifierBuilder() {}

  /** The broker's base URL: code is fetched and heartbeats are sent there. */
  public VerifierBuilder broker(URI value) {
    broker = SettingChecks.broker(value);
    return this;
  }

  /** The verifier's identity: an auditor's, so it may fetch code and rule on disputes. */
  public VerifierBuilder identity(Identity value) {
    identity = SettingChecks.identity(value, Role.AUDITOR);
    return this;
  }

  /** The CAs whose brokers may call {@code /verify}. */
  public VerifierBuilder trustRoots(TrustRoots value) {
    trust = Objects.requireNonNull(value, "trustRoots");
    return this;
  }

  /** Where fetched modules are cached. */
  public VerifierBuilder dataDir(Path value) {
    dataDir = Objects.requireNonNull(value, "dataDir").toAbsolutePath();
    return this;
  }

  /** The ledger; default: the broker's relay as this identity. Not closed by the verifier. */
  public VerifierBuilder ledger(LedgerGateway value) {
    ledger = Objects.requireNonNull(value, "ledger");
    return this;
  }

  public VerifierBuilder bindHost(String value) {
    bindHost = SettingChecks.bindHost(value);
    return this;
  }

  /** The HTTP port; 0 (the default) picks a free one. */
  public VerifierBuilder port(int value) {
    port = SettingChecks.port(value);
    return this;
  }

  /** Re-executions at once; more are answered busy (503). Default 2. */
  public VerifierBuilder workers(int value) {
    require(value > 0 && value <= 256, "workers must be 1..256: " + value);
    workers = value;
    return this;
  }

  public VerifierBuilder heartbeatInterval(Duration value) {
    heartbeatInterval = SettingChecks.heartbeatInterval(value);
    return this;
  }

  public Verifier build() {
    require(broker != null, "broker is required");
    require(identity != null, "identity is required");
    require(trust != null, "trustRoots is required");
    require(dataDir != null, "dataDir is required");
    require(
        trust.trusts(identity.certificate(), identity.mspId()),
        "identity " + identity.id() + " was not issued by the trust roots");
    require(
        ledger == null || identity.id().equals(ledger.identity().id()),
        "ledger gateway must act as " + identity.id());
    return new Verifier(this);
  }

  private static void require(boolean condition, String message) {
    SettingChecks.require(condition, message);
  }
}
