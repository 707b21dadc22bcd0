package io.edgemarket.cli;

import io.edgemarket.cli.market.ContainerMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --containers auto|on|off}, shared by the commands that start provider agents. */
final class ContainerOption implements ITypeConverter<ContainerMode> {
  static final String DESCRIPTION =
      "Whether agents also run container functions (OCI images, deployed with 'function deploy"
          + " --image') in the Docker engine: auto (when an engine answers on"
          + " /var/run/docker.sock), on (fail without one) or off.";

  @Override
  public ContainerMode convert(String value) {
    try {
      return ContainerMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
