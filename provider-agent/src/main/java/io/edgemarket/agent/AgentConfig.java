package io.edgemarket.agent;

import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The agent's settings. Each is checked by its {@link ProviderAgentBuilder} setter; the rules that
 * tie settings together are checked here.
 */
record AgentConfig(
    URI broker,
    Identity identity,
    TrustRoots trust,
    Path dataDir,
    int cpuShareMillis,
    long memoryShareMb,
    int maxConcurrency,
    long pricePerInvocation,
    long pricePerMegaFuel,
    String region,
    long latitudeE6,
    long longitudeE6,
    String bindHost,
    int port,
    Duration heartbeatInterval,
    Duration offerTtl,
    ContainerConfig containers,
    long stake,
    Faults faults,
    boolean link,
    Inbound inbound,
    String energy) {

  AgentConfig {
    if (!link && inbound != Inbound.INVOKE) {
      throw new IllegalArgumentException(
          "an agent that does not dial out (link false) must accept pushed invocations");
    }
    if (!trust.trusts(identity.certificate(), identity.mspId())) {
      throw new IllegalArgumentException(
          "identity " + identity.id() + " was not issued by the trust root");
    }
    // Refreshes happen on heartbeat ticks at half the TTL; several ticks must fit in that half.
    if (offerTtl.compareTo(heartbeatInterval.multipliedBy(4)) < 0) {
      throw new IllegalArgumentException("offerTtl must be at least 4 heartbeat intervals");
    }
  }

  /** True when brokers may push invocations to this agent's {@code POST /invoke}. */
  boolean acceptsPush() {
    return inbound == Inbound.INVOKE;
  }

  /** True when OCI functions run here, in the container sandbox. */
  boolean runsContainers() {
    return containers != null;
  }

  /**
   * {@code <CN>-offer}: stable across restarts, so a restarted agent replaces its offer on the
   * ledger instead of leaving a stale one behind.
   */
  String offerId() {
    return Certificates.commonName(identity.certificate()) + "-offer";
  }

  Path modulesDir() {
    return dataDir.resolve("modules");
  }

  Path imagesDir() {
    return dataDir.resolve("images");
  }

  Path journalFile() {
    return dataDir.resolve("receipts.journal");
  }

  Path sequenceFile() {
    return dataDir.resolve("receipt-sequence");
  }

  /** The URL brokers reach this agent at, once it listens on {@code port}. */
  String urlFor(int boundPort) {
    String host = bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
    return "http://" + host + ":" + boundPort;
  }

  /** "1000m CPU, 512 MB, 4 slots at 10 + 2/Mfuel", for the log. */
  String describeOffer(int cpuMillis, long memoryMb) {
    return cpuMillis
        + "m CPU, "
        + memoryMb
        + " MB, "
        + maxConcurrency
        + " slots at "
        + pricePerInvocation
        + " + "
        + pricePerMegaFuel
        + "/Mfuel";
  }
}
