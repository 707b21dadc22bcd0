package io.edgemarket.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bin/edgemarket-agent}: the provider agent on its own, for a contributor's machine, with
 * none of the broker, ledger or client commands on its class path. Exit codes as {@code
 * ./edgemarket}'s: 0 success, 2 failed, 3 usage error.
 */
@Command(
    name = "edgemarket-agent",
    mixinStandardHelpOptions = true,
    version = "edgemarket-agent 0.1.0",
    description = {
      "Sell this machine's idle capacity on an EdgeMarket market.",
      "First 'enroll' with a token from the market's operator, then 'start'. Every option may also"
          + " come from an EDGEMARKET_* environment variable (--price-per-mfuel from"
          + " EDGEMARKET_PRICE_PER_MFUEL) or a --config file."
    },
    exitCodeOnInvalidInput = AgentFailure.USAGE,
    exitCodeOnExecutionException = AgentFailure.FAILED,
    subcommands = {StartCommand.class, EnrollCommand.class})
public final class AgentMain implements Callable<Integer> {
  static final String CONFIG_OPTION = "--config";
  static final String CONFIG_ENV = "EDGEMARKET_CONFIG";

  @Spec CommandSpec spec;

  final PrintStream out;
  final PrintStream err;
  final InputStream in;

  public AgentMain(PrintStream out, PrintStream err, InputStream in) {
    this.out = out;
    this.err = err;
    this.in = in;
  }

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv(), System.out, System.err, System.in));
  }

  /** Runs the command line {@code args} with this environment; returns the exit code. */
  public static int execute(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err, InputStream in) {
    AgentMain main = new AgentMain(out, err, in);
    try {
      return commandLine(main, args, env).execute(args);
    } catch (AgentFailure e) {
      err.println("edgemarket-agent: " + e.getMessage());
      return e.exitCode();
    }
  }

  /**
   * The command line, its defaults from the environment and the settings file. picocli applies
   * defaults before it reads the arguments, so {@code --config} is looked for here first.
   *
   * @throws AgentFailure when the settings file cannot be read or names an unknown option
   */
  static CommandLine commandLine(AgentMain main, String[] args, Map<String, String> env) {
    CommandLine line = new CommandLine(main);
    line.setOut(new PrintWriter(new OutputStreamWriter(main.out, StandardCharsets.UTF_8), true));
    line.setErr(new PrintWriter(new OutputStreamWriter(main.err, StandardCharsets.UTF_8), true));
    Path file = configFile(args, env);
    Map<String, String> settings = Map.of();
    if (file != null) {
      try {
        settings = ConfigFile.read(file);
      } catch (IOException e) {
        throw AgentFailure.usage("cannot read the settings in " + file + ": " + e.getMessage());
      }
      Set<String> known = settingNames(line);
      for (String key : settings.keySet()) {
        if (!known.contains(key)) {
          throw AgentFailure.usage(
              file + ": unknown setting '" + key + "' (settings are option names: " + known + ")");
        }
      }
    }
    line.setDefaultValueProvider(new AgentDefaults(env, settings));
    return line;
  }

  /** {@code --config FILE} or {@code --config=FILE} in the arguments, else $EDGEMARKET_CONFIG. */
  static Path configFile(String[] args, Map<String, String> env) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        break;
      }
      if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith(CONFIG_OPTION + "=")) {
        return Path.of(args[i].substring(CONFIG_OPTION.length() + 1));
      }
    }
    String fromEnv = env.get(CONFIG_ENV);
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv.strip());
  }

  private static Set<String> settingNames(CommandLine line) {
    Set<String> names = new TreeSet<>();
    for (CommandLine sub : line.getSubcommands().values()) {
      for (OptionSpec option : sub.getCommandSpec().options()) {
        if (!option.usageHelp()
            && !option.versionHelp()
            && !option.longestName().equals(CONFIG_OPTION)) {
          names.add(AgentDefaults.key(option.longestName()));
        }
      }
    }
    return names;
  }

  /** A subcommand's work; a failure the user can act on becomes one line and its exit code. */
  interface Work {
    int run() throws IOException, InterruptedException;
  }

  int guarded(Work work) throws InterruptedException {
    try {
      return work.run();
    } catch (AgentFailure e) {
      err.println("edgemarket-agent: " + e.getMessage());
      return e.exitCode();
    } catch (IOException e) {
      err.println("edgemarket-agent: " + e.getMessage());
      return AgentFailure.FAILED;
    }
  }

  /** {@code edgemarket-agent} alone is a usage error that lists the subcommands. */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
