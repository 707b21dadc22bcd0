package io.edgemarket.cli;

import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.agent.ProviderAgentBuilder;
import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.model.crypto.Identity;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** What {@code provider start} offers and where it listens: its options, and their effect. */
final class ProviderOffer {
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
      converter = Units.SizeConverter.class,
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

  @Mixin ContainerOption containers;

  /** The container settings these options ask for, or null when the agent runs Wasm only. */
  ContainerConfig containerConfig(PrintStream log) throws IOException {
    return containers.resolve(log);
  }

  ProviderAgentBuilder configure(
      ProviderAgentBuilder builder, URI broker, Identity identity, X509Certificate trustRoot) {
    if (memoryBytes < (1L << 20)) {
      throw new IllegalArgumentException("--memory must be at least 1MiB");
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

  String describe(ProviderAgent agent) {
    String offered =
        String.format(
            Locale.ROOT,
            "%s offers up to %dm CPU, %d MiB, %d at once, at %d per invocation + %d per million"
                + " instructions, region %s; offer %s, listening on %s",
            agent.identity().id(),
            cpuMillis,
            memoryBytes >> 20,
            concurrency,
            price,
            pricePerMegaFuel,
            region,
            agent.offerId(),
            agent.url());
    return stake == 0 ? offered : offered + ", stake " + stake;
  }

  /** {@code 2} or {@code 0.5} cores, or {@code 1500m} millicores, as Kubernetes writes CPU. */
  static final class CpuConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      String text = value.trim().toLowerCase(Locale.ROOT);
      try {
        BigDecimal millis =
            text.endsWith("m")
                ? new BigDecimal(text.substring(0, text.length() - 1))
                : new BigDecimal(text).movePointRight(3);
        int result = millis.intValueExact();
        if (result < 1) {
          throw new ArithmeticException();
        }
        return result;
      } catch (NumberFormatException | ArithmeticException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a CPU amount: use cores (2, 0.5) or millicores (1500m)");
      }
    }
  }
}
