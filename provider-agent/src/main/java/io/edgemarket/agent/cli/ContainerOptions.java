package io.edgemarket.agent.cli;

import io.edgemarket.agent.container.ContainerConfig;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --containers auto|on|off} and {@code --container-runtime}, for commands that run agents.
 */
public final class ContainerOptions {
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
  ContainerSwitch containers = ContainerSwitch.AUTO;

  @Option(
      names = "--container-runtime",
      paramLabel = "NAME",
      description =
          "OCI runtime for container functions instead of the engine's default (runc), e.g. runsc"
              + " for gVisor; it must be registered with the Docker engine.")
  String runtime;

  public ContainerSwitch mode() {
    return containers;
  }

  /** The runtime asked for, or null for the engine's default. */
  public String runtime() {
    return runtime;
  }

  /** The agent's container settings, or null when it runs Wasm only. */
  public ContainerConfig resolve(PrintStream log) throws IOException {
    ContainerConfig config = containers.resolve(log);
    return config == null || runtime == null ? config : config.withRuntime(runtime);
  }

  static final class Mode implements ITypeConverter<ContainerSwitch> {
    @Override
    public ContainerSwitch convert(String value) {
      try {
        return ContainerSwitch.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
