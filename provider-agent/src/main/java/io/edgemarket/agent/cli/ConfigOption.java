package io.edgemarket.agent.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}. Declared for help and parsing; {@link AgentMain} reads the file before
 * parsing, since picocli asks for defaults before it has seen the command line.
 */
final class ConfigOption {
  @Option(
      names = AgentMain.CONFIG_OPTION,
      paramLabel = "FILE",
      description =
          "Settings file (.properties, .toml or .yaml; default: $EDGEMARKET_CONFIG): option names"
              + " without dashes as keys, e.g. price = 100. The command line wins over"
              + " EDGEMARKET_* variables (EDGEMARKET_PRICE=100), which win over the file.")
  Path file;
}
