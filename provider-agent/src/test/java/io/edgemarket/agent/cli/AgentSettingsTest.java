package io.edgemarket.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Where {@code edgemarket-agent}'s options come from: command line, environment, file, defaults.
 */
class AgentSettingsTest {
  @TempDir Path dir;

  @Test
  void commandLineWinsOverEnvironmentWhichWinsOverTheFileWhichWinsOverDefaults()
      throws IOException {
    Path file =
        write(
            "agent.properties",
            "price=10\ncpu=2\nmemory=1GiB\nregion=file\nprice_per_mfuel=7\nbroker=http://file:1\n");
    Map<String, String> env =
        Map.of(
            "EDGEMARKET_PRICE", "20", "EDGEMARKET_CPU", "3", "EDGEMARKET_BROKER", "http://env:2");
    StartOptions options = start(env, "start", "--config", file.toString(), "--price", "30");
    assertEquals(30, options.price(), "command line");
    assertEquals(3000, options.cpuMillis(), "environment over file");
    assertEquals("http://env:2", options.market().broker().toString(), "environment over file");
    assertEquals(1L << 30, options.memoryBytes(), "file over default");
    assertEquals("file", options.region);
    assertEquals(7, options.pricePerMegaFuel, "price_per_mfuel is --price-per-mfuel");
    assertEquals(4, options.concurrency(), "default");
    assertEquals("provider", options.as(), "default");
  }

  @Test
  void noFileNoEnvironmentMeansTheOptionsOwnDefaults() {
    StartOptions options = start(Map.of(), "start");
    assertEquals(100, options.price());
    assertEquals(1000, options.cpuMillis());
    assertEquals(512L << 20, options.memoryBytes());
    assertEquals(ContainerSwitch.AUTO, options.containers().mode());
    assertEquals(MarketOptions.DEFAULT_BROKER, options.market().broker());
    assertEquals(Path.of(".edgemarket").toAbsolutePath().normalize(), options.market().dataDir());
  }

  @Test
  void tomlAndYamlSayTheSameAsProperties() throws IOException {
    Path toml =
        write(
            "provider.toml",
            "# a contributor's box\nbroker = \"https://market.example:8443\"\nprice = 42"
                + "  # per call\ncontainers = 'off'\nmemory = \"2GiB\"\n");
    Path yaml =
        write(
            "provider.yaml",
            "---\nbroker: https://market.example:8443\nprice: 42 # per call\ncontainers: \"off\"\n"
                + "memory: 2GiB\n");
    for (Path file : new Path[] {toml, yaml}) {
      StartOptions options = start(Map.of("EDGEMARKET_CONFIG", file.toString()), "start");
      assertEquals(
          "https://market.example:8443", options.market().broker().toString(), file.toString());
      assertEquals(42, options.price(), file.toString());
      assertEquals(ContainerSwitch.OFF, options.containers().mode(), file.toString());
      assertEquals(2L << 30, options.memoryBytes(), file.toString());
    }
  }

  @Test
  void nestedOrUnknownSettingsAreRefusedNotIgnored() throws IOException {
    Path table = write("nested.toml", "[agent]\nprice = 1\n");
    Path nested = write("nested.yaml", "agent:\n  price: 1\n");
    Path typo = write("typo.properties", "prise=1\n");
    Path other = write("provider.json", "{}");
    for (Path file : new Path[] {table, nested, typo, other}) {
      Run run = run(Map.of(), "start", "--config", file.toString());
      assertEquals(AgentFailure.USAGE, run.exit, file + ": " + run);
      assertTrue(run.err.contains(file.getFileName().toString()), run::toString);
    }
    assertTrue(run(Map.of(), "start", "--config=" + typo).err.contains("unknown setting 'prise'"));
  }

  @Test
  void environmentVariablesAreNamedAfterTheOptions() {
    assertEquals("EDGEMARKET_PRICE_PER_MFUEL", AgentDefaults.variable("--price-per-mfuel"));
    assertEquals("EDGEMARKET_BROKER", AgentDefaults.variable("--broker"));
    assertEquals("EDGEMARKET_CONTAINER_RUNTIME", AgentDefaults.variable("--container-runtime"));
    StartOptions options =
        start(
            Map.of(
                "EDGEMARKET_PRICE_PER_MFUEL", "3",
                "EDGEMARKET_CONTAINER_RUNTIME", "runsc",
                "EDGEMARKET_AS", "carol",
                "EDGEMARKET_DATA", dir.toString()),
            "start");
    assertEquals(3, options.pricePerMegaFuel);
    assertEquals("runsc", options.containers().runtime());
    assertEquals("carol", options.as());
    assertEquals(dir, options.market().dataDir());
  }

  @Test
  void aBadValueFromTheEnvironmentIsAUsageError() {
    Run run = run(Map.of("EDGEMARKET_CPU", "lots"), "start");
    assertEquals(AgentFailure.USAGE, run.exit, run::toString);
    assertTrue(run.err.contains("is not a CPU amount"), run::toString);
  }

  @Test
  void startWithoutAnIdentitySaysToEnroll() {
    Run run = run(Map.of(), "start", "--data", dir.toString(), "--containers", "off");
    assertEquals(AgentFailure.USAGE, run.exit, run::toString);
    assertTrue(run.err.contains("enroll first"), run::toString);
    Run badName = run(Map.of(), "start", "--data", dir.toString(), "--as", "../x");
    assertEquals(AgentFailure.USAGE, badName.exit, badName::toString);
  }

  @Test
  void enrollNeedsATokenAndNeverOverwritesAnIdentity() throws IOException {
    Run none = run(Map.of(), "enroll", "--data", dir.toString());
    assertEquals(AgentFailure.USAGE, none.exit, none::toString);
    assertTrue(none.err.contains("EDGEMARKET_TOKEN"), none::toString);
    Files.createDirectories(dir.resolve("identities/carol"));
    Run clash =
        run(
            Map.of("EDGEMARKET_TOKEN", "t"),
            "enroll",
            "--name",
            "carol",
            "--data",
            dir.toString(),
            "--broker",
            "http://127.0.0.1:9");
    assertEquals(AgentFailure.USAGE, clash.exit, clash::toString);
    assertTrue(clash.err.contains("not overwriting"), clash::toString);
  }

  @Test
  void helpListsEveryCommandAndTheSettingsFile() {
    Run top = run(Map.of(), "--help");
    assertEquals(0, top.exit, top::toString);
    assertTrue(top.out.contains("start") && top.out.contains("enroll"), top::toString);
    Run start = run(Map.of(), "start", "--help");
    assertEquals(0, start.exit, start::toString);
    assertTrue(start.out.contains("--config=FILE") && start.out.contains("--price-per-mfuel"));
    assertEquals(AgentFailure.USAGE, run(Map.of()).exit, "no subcommand");
  }

  @Test
  void configFileIsFoundBeforeParsing() {
    assertEquals(
        Path.of("a.toml"),
        AgentMain.configFile(new String[] {"start", "--config", "a.toml"}, Map.of()));
    assertEquals(
        Path.of("b.yaml"), AgentMain.configFile(new String[] {"--config=b.yaml"}, Map.of()));
    assertEquals(
        Path.of("c.properties"),
        AgentMain.configFile(new String[] {"start"}, Map.of("EDGEMARKET_CONFIG", "c.properties")));
    assertEquals(null, AgentMain.configFile(new String[] {"start"}, Map.of()));
    assertThrows(
        AgentFailure.class,
        () ->
            AgentMain.commandLine(
                main(), new String[] {"--config", "/nonexistent.toml"}, Map.of()));
  }

  private StartOptions start(Map<String, String> env, String... args) {
    CommandLine.ParseResult result = AgentMain.commandLine(main(), args, env).parseArgs(args);
    return ((StartCommand) result.subcommand().commandSpec().userObject()).options;
  }

  private static AgentMain main() {
    return new AgentMain(System.out, System.err, new ByteArrayInputStream(new byte[0]));
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AgentMain.execute(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
