package io.edgemarket.agent.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line takes its value from: the environment ({@code
 * --price-per-mfuel} from {@code EDGEMARKET_PRICE_PER_MFUEL}), else the {@code --config} file, else
 * the option's own default. So the order is: command line, environment, file, defaults.
 */
final class AgentDefaults implements IDefaultValueProvider {
  static final String PREFIX = "EDGEMARKET_";

  private final Map<String, String> env;
  private final Map<String, String> file;

  AgentDefaults(Map<String, String> env, Map<String, String> file) {
    this.env = Map.copyOf(env);
    this.file = Map.copyOf(file);
  }

  /**
   * The environment variable for an option: {@code --price-per-mfuel} is
   * EDGEMARKET_PRICE_PER_MFUEL.
   */
  static String variable(String optionName) {
    return PREFIX + key(optionName).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * An option's name as a key of the settings file: {@code --price-per-mfuel} is price-per-mfuel.
   */
  static String key(String optionName) {
    return optionName.replaceFirst("^-+", "");
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)
        || option.usageHelp()
        || option.versionHelp()
        || option.longestName().equals(AgentMain.CONFIG_OPTION)) {
      return null;
    }
    String fromEnv = env.get(variable(option.longestName()));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    return file.get(key(option.longestName()));
  }
}
