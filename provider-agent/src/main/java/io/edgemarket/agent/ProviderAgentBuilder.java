package io.edgemarket.agent;

import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ProviderAgent}; each setter rejects a bad value at once, so it fails where
 * it is made. Required: broker, identity, trustRoot, dataDir, cpuShareMillis, memoryShareMb.
 */
public final class ProviderAgentBuilder {
  private URI broker;
  private Identity identity;
  private X509Certificate trustRoot;
  private TrustRoots trust;
  private Path dataDir;
  private int cpuShareMillis;
  private long memoryShareMb;
  private int maxConcurrency = Runtime.getRuntime().availableProcessors();
  private long pricePerInvocation;
  private long pricePerMegaFuel;
  private String region = "local";
  private String energy;
  private long latitudeE6;
  private long longitudeE6;
  private String bindHost = "127.0.0.1";
  private int port;
  private Duration heartbeatInterval = Duration.ofSeconds(2);
  private Duration offerTtl = Duration.ofMinutes(5);
  private LedgerGateway ledger;
  private CapacityProbe capacity = CapacityProbe.system();
  private ContainerConfig containers;
  private long stake;
  private Faults faults = Faults.none();
  private boolean link = true;
  private Inbound inbound = Inbound.INVOKE;

  ProviderAgentBuilder() {}

  /** The broker's base URL: code is fetched and heartbeats are sent there. */
  public ProviderAgentBuilder broker(URI value) {
    broker = SettingChecks.broker(value);
    return this;
  }

  /** The provider's market identity; it signs every receipt and ledger transaction. */
  public ProviderAgentBuilder identity(Identity value) {
    identity = SettingChecks.identity(value, Role.PROVIDER);
    return this;
  }

  /** The market CA: only brokers with certificates it issued may call {@code /invoke}. */
  public ProviderAgentBuilder trustRoot(X509Certificate value) {
    trustRoot = Objects.requireNonNull(value, "trustRoot");
    return this;
  }

  /**
   * The CAs whose brokers may call {@code /invoke}, one per MSP, when the market has several (a
   * Fabric consortium: the broker enrols with another organisation than the providers). Must
   * include the CA of the agent's own identity.
   */
  public ProviderAgentBuilder trustRoots(TrustRoots value) {
    trust = Objects.requireNonNull(value, "trustRoots");
    return this;
  }

  /** Where the module cache and the receipt sequence counter live; survives restarts. */
  public ProviderAgentBuilder dataDir(Path value) {
    dataDir = Objects.requireNonNull(value, "dataDir").toAbsolutePath();
    return this;
  }

  /** The most CPU the operator lets the market use, in thousandths of a core. */
  public ProviderAgentBuilder cpuShareMillis(int value) {
    require(value > 0, "cpuShareMillis must be positive: " + value);
    cpuShareMillis = value;
    return this;
  }

  /** The most memory the operator lets the market use, in MiB. */
  public ProviderAgentBuilder memoryShareMb(long value) {
    require(value > 0, "memoryShareMb must be positive: " + value);
    memoryShareMb = value;
    return this;
  }

  /** Invocations run at once; more are refused with 503. Default: the number of cores. */
  public ProviderAgentBuilder maxConcurrency(int value) {
    require(value > 0 && value <= 1024, "maxConcurrency must be 1..1024: " + value);
    maxConcurrency = value;
    return this;
  }

  public ProviderAgentBuilder pricePerInvocation(long value) {
    require(value >= 0, "pricePerInvocation must not be negative: " + value);
    pricePerInvocation = value;
    return this;
  }

  /** Price per million instructions executed. Zero means invocations cost a flat price. */
  public ProviderAgentBuilder pricePerMegaFuel(long value) {
    require(value >= 0, "pricePerMegaFuel must not be negative: " + value);
    pricePerMegaFuel = value;
    return this;
  }

  /** The energy source the offer declares: "renewable" or "grid" (default: none declared). */
  public ProviderAgentBuilder energy(String value) {
    require(
        value == null || io.edgemarket.model.Offer.ENERGY_SOURCES.contains(value),
        "energy must be one of " + io.edgemarket.model.Offer.ENERGY_SOURCES + ": " + value);
    energy = value;
    return this;
  }

  public ProviderAgentBuilder region(String value) {
    require(value != null && !value.isBlank(), "region must not be blank");
    region = value;
    return this;
  }

  public ProviderAgentBuilder latitudeE6(long value) {
    require(Math.abs(value) <= 90_000_000L, "latitudeE6 must be within ±90e6: " + value);
    latitudeE6 = value;
    return this;
  }

  public ProviderAgentBuilder longitudeE6(long value) {
    require(Math.abs(value) <= 180_000_000L, "longitudeE6 must be within ±180e6: " + value);
    longitudeE6 = value;
    return this;
  }

  /** The address the HTTP server binds and advertises. Default 127.0.0.1. */
  public ProviderAgentBuilder bindHost(String value) {
    bindHost = SettingChecks.bindHost(value);
    return this;
  }

  /** The HTTP port; 0 (the default) picks a free one. */
  public ProviderAgentBuilder port(int value) {
    port = SettingChecks.port(value);
    return this;
  }

  public ProviderAgentBuilder heartbeatInterval(Duration value) {
    heartbeatInterval = SettingChecks.heartbeatInterval(value);
    return this;
  }

  /** How long a published offer stays valid; the agent refreshes it well before that. */
  public ProviderAgentBuilder offerTtl(Duration value) {
    Objects.requireNonNull(value, "offerTtl");
    require(value.toMillis() >= 1000, "offerTtl must be at least 1 s: " + value);
    offerTtl = value;
    return this;
  }

  /** The ledger; default: the broker's relay as this identity. Not closed by the agent. */
  public ProviderAgentBuilder ledger(LedgerGateway value) {
    ledger = Objects.requireNonNull(value, "ledger");
    return this;
  }

  /** Where idle CPU and free memory come from; default {@link CapacityProbe#system()}. */
  public ProviderAgentBuilder capacityProbe(CapacityProbe value) {
    capacity = Objects.requireNonNull(value, "capacityProbe");
    return this;
  }

  /**
   * Also runs functions packaged as OCI images ({@code runtime "oci"}), in containers of the Docker
   * engine {@code value} names, and offers that runtime. Off by default: the agent then runs Wasm
   * functions only. The config's owner is replaced by the agent's id, so that a restarted agent
   * removes the containers it left behind; each container gets at most one core of the CPU share.
   */
  public ProviderAgentBuilder containers(ContainerConfig value) {
    containers = Objects.requireNonNull(value, "containers");
    return this;
  }

  /**
   * Money of the provider's own account locked on the ledger behind its offer (default 0): what a
   * proven wrong result forfeits to the consumer, and what functions that require a minimum stake
   * look for. The ledger refuses the offer when the account cannot cover it.
   */
  public ProviderAgentBuilder stake(long value) {
    require(value >= 0, "stake must not be negative: " + value);
    stake = value;
    return this;
  }

  /**
   * Faults to inject, for tests and the load and fault harness only (default {@link
   * Faults#none()}): e.g. {@link Faults#wrongOutput} makes this agent a lying provider.
   */
  public ProviderAgentBuilder faults(Faults value) {
    faults = Objects.requireNonNull(value, "faults");
    return this;
  }

  /**
   * Whether the agent dials out to the broker and takes invocations over that one authenticated
   * WebSocket, the agent link (default true). The broker prefers the link while it is up; with
   * {@link Inbound#INVOKE} it pushes to the agent's HTTP server while it is not (and a broker
   * without links always does). False: HTTP push only, as before links existed.
   */
  public ProviderAgentBuilder link(boolean value) {
    link = value;
    return this;
  }

  /**
   * What the agent's HTTP server serves (default {@link Inbound#INVOKE}): {@link Inbound#STATUS} or
   * {@link Inbound#NONE} for an agent that needs no inbound port (behind NAT), which then takes
   * invocations over its link only. Those two require {@link #link(boolean) link(true)}.
   */
  public ProviderAgentBuilder inbound(Inbound value) {
    inbound = Objects.requireNonNull(value, "inbound");
    return this;
  }

  /** Checks the settings together and makes the agent; {@link ProviderAgent#start()} runs it. */
  public ProviderAgent build() {
    require(broker != null, "broker is required");
    require(identity != null, "identity is required");
    require(trust != null || trustRoot != null, "trustRoot is required");
    require(dataDir != null, "dataDir is required");
    require(cpuShareMillis > 0, "cpuShareMillis is required");
    require(
        link || inbound == Inbound.INVOKE,
        "an agent that does not dial out (link false) must accept pushed invocations");
    require(memoryShareMb > 0, "memoryShareMb is required");
    require(
        ledger == null || identity.id().equals(ledger.identity().id()),
        "ledger gateway must act as " + identity.id());
    return new ProviderAgent(
        new AgentConfig(
            broker,
            identity,
            trust != null ? trust : TrustRoots.of(identity.mspId(), trustRoot),
            dataDir,
            cpuShareMillis,
            memoryShareMb,
            maxConcurrency,
            pricePerInvocation,
            pricePerMegaFuel,
            region,
            latitudeE6,
            longitudeE6,
            bindHost,
            port,
            heartbeatInterval,
            offerTtl,
            containers,
            stake,
            faults,
            link,
            inbound,
            energy),
        ledger,
        capacity);
  }

  private static void require(boolean condition, String message) {
    SettingChecks.require(condition, message);
  }
}
