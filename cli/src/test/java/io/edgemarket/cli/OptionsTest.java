package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.broker.invoke.ConsumerLimits;
import io.edgemarket.model.TrustLevel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Parsing, defaults, help texts and usage errors; nothing here reaches a broker. */
class OptionsTest {
  static CommandLine.ParseResult parse(String... args) {
    return EdgeMarketCli.commandLine(new EdgeMarketCli()).parseArgs(args);
  }

  @Test
  void commonDefaults() {
    CommonOptions common = new CommonOptions();
    assertEquals(URI.create("http://127.0.0.1:8080"), common.broker());
    assertFalse(common.brokerGiven());
    assertTrue(common.isDefaultData());
    assertEquals("consumer", common.identityName());
    assertEquals(Path.of(".edgemarket"), CommonOptions.defaultData(Map.of()));
    assertEquals(
        Path.of("/srv/market"),
        CommonOptions.defaultData(Map.of("EDGEMARKET_DATA", "/srv/market")));
    assertEquals(Path.of(".edgemarket"), CommonOptions.defaultData(Map.of("EDGEMARKET_DATA", " ")));
  }

  @Test
  void deployOptionsParse() {
    var result =
        parse(
            "function",
            "deploy",
            "--name",
            "f",
            "--wasm",
            "f.wasm",
            "--memory",
            "512KiB",
            "--timeout",
            "500ms",
            "--trust",
            "REDUNDANT",
            "--max-price",
            "42",
            "--max-fuel",
            "5000",
            "--broker",
            "http://h:9",
            "--data",
            "d",
            "--as",
            "bob");
    FunctionDeployCommand deploy =
        (FunctionDeployCommand) result.subcommand().subcommand().commandSpec().userObject();
    assertEquals(512L << 10, deploy.memory);
    assertEquals(Duration.ofMillis(500), deploy.timeout);
    assertEquals(TrustLevel.REDUNDANT, deploy.trust);
    assertEquals(42, deploy.maxPrice);
    assertEquals(5000, deploy.maxFuel);
    assertEquals(URI.create("http://h:9"), deploy.common.broker());
    assertTrue(deploy.common.brokerGiven());
    assertEquals(Path.of("d").toAbsolutePath(), deploy.common.dataDir());
    assertEquals("bob", deploy.common.identityName());
  }

  @Test
  void deployDefaults() {
    var result = parse("function", "deploy", "--name", "f", "--wasm", "f.wasm");
    FunctionDeployCommand deploy =
        (FunctionDeployCommand) result.subcommand().subcommand().commandSpec().userObject();
    assertEquals(64L << 20, deploy.memory);
    assertEquals(Duration.ofSeconds(10), deploy.timeout);
    assertEquals(TrustLevel.RECEIPT, deploy.trust);
    assertEquals(1_000_000, deploy.maxPrice);
    assertEquals(io.edgemarket.sdk.DeployOptions.DEFAULT_MAX_FUEL, deploy.maxFuel);
  }

  @Test
  void usageErrorsExitThree() {
    String[][] cases = {
      {},
      {"function"},
      {"frobnicate"},
      {"function", "deploy", "--wasm", "f.wasm"},
      {"function", "deploy", "--name", "f", "--wasm", "f.wasm", "--memory", "64MB"},
      {"function", "deploy", "--name", "f", "--wasm", "f.wasm", "--timeout", "10"},
      {"function", "deploy", "--name", "f", "--wasm", "f.wasm", "--trust", "blind"},
      {"invoke"},
      {"invoke", "f", "--input", "a", "--input-file", "b"},
      {"invoke", "f", "--input", "a", "--max-price", "0"},
      {"balance", "--as", "../admin"},
      {"audit", "--bogus"},
    };
    for (String[] args : cases) {
      Cli cli = Cli.run(args);
      assertEquals(ExitCodes.USAGE, cli.exitCode(), () -> String.join(" ", args) + "\n" + cli);
      assertFalse(cli.stderr().isBlank(), () -> String.join(" ", args) + ": no message");
    }
  }

  @Test
  void everyCommandExplainsEveryOption() {
    CommandLine root = EdgeMarketCli.commandLine(new EdgeMarketCli());
    checkHelp(root);
  }

  @Test
  void aRunOfOneCommandBuildsOnlyItsModelAndTheSameUsage() {
    for (String name : EdgeMarketCli.commandLine(new EdgeMarketCli()).getSubcommands().keySet()) {
      CommandLine lean = EdgeMarketCli.commandLine(new EdgeMarketCli(), new String[] {name, "-h"});
      assertEquals(java.util.Set.of(name), lean.getSubcommands().keySet());
      assertEquals(
          EdgeMarketCli.commandLine(new EdgeMarketCli())
              .getSubcommands()
              .get(name)
              .getUsageMessage(),
          lean.getSubcommands().get(name).getUsageMessage(),
          name);
    }
    assertEquals(
        "edgemarket 0.1.0",
        EdgeMarketCli.commandLine(new EdgeMarketCli(), new String[] {"--version"})
            .getCommandSpec()
            .version()[0]);
    // The root's help and a mistyped name still see every command (16 with open and account).
    java.util.Set<String> all =
        EdgeMarketCli.commandLine(new EdgeMarketCli()).getSubcommands().keySet();
    assertEquals(16, all.size(), all::toString);
    assertEquals(
        all,
        EdgeMarketCli.commandLine(new EdgeMarketCli(), new String[] {"--help"})
            .getSubcommands()
            .keySet());
    assertEquals(
        all,
        EdgeMarketCli.commandLine(new EdgeMarketCli(), new String[] {"balnce"})
            .getSubcommands()
            .keySet());
  }

  private static void checkHelp(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    for (OptionSpec option : spec.options()) {
      String text = String.join(" ", option.description());
      assertTrue(
          text.length() > 10,
          () -> spec.qualifiedName() + " " + option.longestName() + " has no description");
    }
    String[] path = spec.qualifiedName(" ").split(" ");
    String[] args = new String[path.length];
    System.arraycopy(path, 1, args, 0, path.length - 1);
    args[path.length - 1] = "--help";
    Cli help = Cli.run(args);
    assertEquals(0, help.exitCode(), help::toString);
    for (OptionSpec option : spec.options()) {
      assertTrue(
          help.out().contains(option.longestName()),
          () -> spec.qualifiedName() + " help lacks " + option.longestName());
    }
    command.getSubcommands().values().forEach(OptionsTest::checkHelp);
  }

  @Test
  void ledgerAndContainerOptionsParseAndRejectUnknownValues() {
    var up =
        parse("up", "--ledger", "FABRIC", "--containers", "off", "--container-runtime", "runsc");
    UpCommand command = (UpCommand) up.subcommand().commandSpec().userObject();
    assertEquals(io.edgemarket.cli.market.LedgerKind.FABRIC, command.ledger);
    assertEquals(io.edgemarket.cli.market.ContainerMode.OFF, command.containers.containers);
    assertEquals("runsc", command.containers.runtime);
    var defaults = (UpCommand) parse("up").subcommand().commandSpec().userObject();
    assertEquals(io.edgemarket.cli.market.LedgerKind.EMBEDDED, defaults.ledger);
    assertEquals(io.edgemarket.cli.market.ContainerMode.AUTO, defaults.containers.containers);

    Cli badLedger = Cli.run("demo", "--ledger", "postgres");
    assertEquals(ExitCodes.USAGE, badLedger.exitCode(), badLedger::toString);
    assertTrue(badLedger.stderr().contains("use embedded or fabric"), badLedger::toString);
    Cli badMode = Cli.run("provider", "start", "--containers", "maybe");
    assertEquals(ExitCodes.USAGE, badMode.exitCode(), badMode::toString);
    assertTrue(badMode.stderr().contains("use auto, on or off"), badMode::toString);
  }

  @Test
  void consumerLimitOptionsParseOnUpAndBrokerStartAndRefuseNegatives() {
    var up =
        (UpCommand)
            parse(
                    "up",
                    "--max-in-flight-per-consumer",
                    "8",
                    "--invocations-per-minute-per-consumer",
                    "600")
                .subcommand()
                .commandSpec()
                .userObject();
    assertEquals(new ConsumerLimits(8, 600), up.consumerLimits.limits());
    var defaults = (UpCommand) parse("up").subcommand().commandSpec().userObject();
    assertEquals(ConsumerLimits.DEFAULTS, defaults.consumerLimits.limits());
    assertEquals(
        64, ConsumerLimits.DEFAULTS.maxInFlight(), "at least cli's ConcurrentCallsIT's 64");
    var start =
        (BrokerStartCommand)
            parse("broker", "start", "--host", "0.0.0.0", "--max-in-flight-per-consumer", "0")
                .subcommand()
                .subcommand()
                .commandSpec()
                .userObject();
    assertEquals(new ConsumerLimits(0, 0), start.consumerLimits.limits());

    Cli negative = Cli.run("up", "--max-in-flight-per-consumer", "-1");
    assertEquals(ExitCodes.USAGE, negative.exitCode(), negative::toString);
    var refused =
        (UpCommand)
            parse("up", "--invocations-per-minute-per-consumer", "-5")
                .subcommand()
                .commandSpec()
                .userObject();
    CliException usage = assertThrows(CliException.class, refused.consumerLimits::limits);
    assertEquals(ExitCodes.USAGE, usage.exitCode());
    assertTrue(
        usage.getMessage().contains("--invocations-per-minute-per-consumer must not be negative"),
        usage::getMessage);
  }
}
