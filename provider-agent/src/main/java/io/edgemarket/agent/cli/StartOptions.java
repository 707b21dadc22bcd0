package io.edgemarket.agent.cli;

import io.edgemarket.agent.Inbound;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.model.api.Location;
import io.edgemarket.model.crypto.Identity;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code ./edgemarket provider start} and {@code bin/edgemarket-agent start}: which
 * market and identity, what the agent offers and where it listens. One mixin for both commands, so
 * they never drift apart.
 */
public final class StartOptions {
  @Mixin MarketOptions market;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      defaultValue = "provider",
      description = "The provider identity: DIR/identities/NAME (default: ${DEFAULT-VALUE}).")
  String as = "provider";

  @Option(
      names = "--cpu",
      paramLabel = "CPU",
      defaultValue = "1",
      converter = CpuConverter.class,
      description =
          "Most CPU the market may use: cores (2, 0.5) or millicores (1500m)"
              + " (default: ${DEFAULT-VALUE}). Less is offered while the machine is busy.")
  int cpuMillis;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      defaultValue = "512MiB",
      converter = Sizes.Converter.class,
      description =
          "Most memory the market may use, e.g. 512MiB or 2GiB (default: ${DEFAULT-VALUE}).")
  long memoryBytes;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "Invocations run at once; more are refused as busy (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--price",
      paramLabel = "N",
      defaultValue = "100",
      description =
          "Price per invocation in minor units (default: ${DEFAULT-VALUE}); the broker's"
              + " matching weighs it against load, latency and reputation.")
  long price;

  @Option(
      names = "--price-per-mfuel",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "Price per million WebAssembly instructions executed, in minor units"
              + " (default: ${DEFAULT-VALUE}).")
  long pricePerMegaFuel;

  @Option(
      names = "--region",
      paramLabel = "R",
      defaultValue = "local",
      description =
          "Region label shown to consumers and the status page (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--energy",
      paramLabel = "SOURCE",
      description =
          "The energy this machine runs on, published with the offer: renewable or grid (default:"
              + " not declared). Consumers may prefer renewable providers.")
  String energy;

  @Option(
      names = "--location",
      paramLabel = "LAT,LON",
      description =
          "Where this machine is, in decimal degrees (e.g. 48.8566,2.3522), published with the"
              + " offer: consumers who say where they are get nearer providers first.")
  String location;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on and advertise to the broker; use one the broker can"
              + " reach when it runs on another host (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "Port the broker invokes this agent on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--stake",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Minor units of your own balance to lock on the ledger behind the offer: a proven wrong"
              + " result forfeits it to the consumer, and functions may require a minimum"
              + " (default: ${DEFAULT-VALUE}). The offer is refused if your balance cannot cover"
              + " it.")
  long stake;

  @Option(
      names = "--dial-out",
      description =
          "Take invocations only over the link this agent dials out to the broker: no inbound"
              + " port is needed (behind NAT). --host and --port then serve only the agent's"
              + " /health and /metrics. Without it the agent dials out too, and also accepts"
              + " invocations pushed to --host:--port while its link is down.")
  boolean dialOut;

  @Mixin ContainerOptions containers;

  public MarketOptions market() {
    return market;
  }

  public ContainerOptions containers() {
    return containers;
  }

  /** The identity name of {@code --as}, unchecked. */
  public String as() {
    return as;
  }

  public int cpuMillis() {
    return cpuMillis;
  }

  public long memoryBytes() {
    return memoryBytes;
  }

  public int concurrency() {
    return concurrency;
  }

  public long price() {
    return price;
  }

  public int port() {
    return port;
  }

  /**
   * The builder with these options and the given market; the caller adds the data directory.
   *
   * @throws IllegalArgumentException when an option's value cannot work
   */
  public ProviderAgentBuilder configure(
      ProviderAgentBuilder builder, URI broker, Identity identity, X509Certificate trustRoot) {
    if (memoryBytes < (1L << 20)) {
      throw new IllegalArgumentException("--memory must be at least 1MiB");
    }
    if (dialOut) {
      builder.inbound(Inbound.STATUS);
    }
    if (energy != null) {
      builder.energy(energy);
    }
    if (location != null) {
      Location at = Location.parse(location);
      builder.latitudeE6(at.latitudeE6()).longitudeE6(at.longitudeE6());
    }
    return builder
        .broker(broker)
        .identity(identity)
        .trustRoot(trustRoot)
        .cpuShareMillis(cpuMillis)
        .memoryShareMb(memoryBytes >> 20)
        .maxConcurrency(concurrency)
        .pricePerInvocation(price)
        .pricePerMegaFuel(pricePerMegaFuel)
        .region(region)
        .bindHost(host)
        .port(port)
        .stake(stake);
  }

  /** The first line a started agent prints: what it offers and where. */
  public String describe(ProviderAgent agent) {
    String offered =
        String.format(
            Locale.ROOT,
            "%s offers up to %dm CPU, %d MiB, %d at once, at %d per invocation + %d per million"
                + " instructions, region %s; offer %s, %s %s",
            agent.identity().id(),
            cpuMillis,
            memoryBytes >> 20,
            concurrency,
            price,
            pricePerMegaFuel,
            region,
            agent.offerId(),
            dialOut ? "taking invocations over its link to" : "listening on",
            agent.url());
    return stake == 0 ? offered : offered + ", stake " + stake;
  }
}
