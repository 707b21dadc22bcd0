package io.edgemarket.cli;

import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.cli.market.ContainerMode;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --containers auto|on|off} and {@code --container-runtime}: a mixin for every command that
 * starts provider agents ({@code up}, {@code demo}, {@code provider start}).
 */
final class ContainerOption {
  @Option(
      names = "--containers",
      paramLabel = "MODE",
      defaultValue = "auto",
      converter = Mode.class,
      description =
          "Whether agents also run container functions (OCI images, deployed with 'function"
              + " deploy --image') in the Docker engine: auto (when an engine answers on"
              + " /var/run/docker.sock), on (fail without one) or off (default:"
              + " ${DEFAULT-VALUE}).")
  ContainerMode containers = ContainerMode.AUTO;

  @Option(
      names = "--container-runtime",
      paramLabel = "NAME",
      description =
          "OCI runtime for container functions instead of the engine's default (runc), e.g. runsc"
              + " for gVisor; it must be registered with the Docker engine.")
  String runtime;

  /** The agents' container settings, or null when they run Wasm only. */
  ContainerConfig resolve(PrintStream log) throws IOException {
    ContainerConfig config = containers.resolve(log);
    return config == null || runtime == null ? config : config.withRuntime(runtime);
  }

  static final class Mode implements ITypeConverter<ContainerMode> {
    @Override
    public ContainerMode convert(String value) {
      try {
        return ContainerMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
