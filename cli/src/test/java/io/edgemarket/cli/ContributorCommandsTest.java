package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.agent.cli.CpuConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** Options and usage errors of identity and provider commands; nothing here reaches a broker. */
class ContributorCommandsTest {
  @TempDir Path dir;

  @Test
  void cpuIsCoresOrMillicores() {
    CpuConverter cpu = new CpuConverter();
    assertEquals(2000, cpu.convert("2"));
    assertEquals(500, cpu.convert("0.5"));
    assertEquals(1500, cpu.convert("1500m"));
    for (String bad : new String[] {"0", "0.0001", "two", "-1", "1.5m"}) {
      assertThrows(TypeConversionException.class, () -> cpu.convert(bad), bad);
    }
  }

  @Test
  void providerDefaults() {
    var result = OptionsTest.parse("provider", "start");
    ProviderStartCommand start =
        (ProviderStartCommand) result.subcommand().subcommand().commandSpec().userObject();
    assertEquals("provider", start.offer.as());
    assertEquals(1000, start.offer.cpuMillis());
    assertEquals(512L << 20, start.offer.memoryBytes());
    assertEquals(4, start.offer.concurrency());
    assertEquals(0, start.offer.port());
  }

  @Test
  void usageErrorsExitThreeBeforeAnyNetworkCall() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("identities/carol"));
    String[][] cases = {
      {"identity"},
      {"provider"},
      {"identity", "token"},
      {"identity", "token", "--role", "admin", "--data", data.toString()},
      {"identity", "token", "--role", "provider", "--ttl", "8d"},
      {"identity", "token", "--role", "provider", "--ttl", "200h", "--data", data.toString()},
      {"identity", "enroll"},
      {"identity", "enroll", "--token", "t", "--name", "carol", "--data", data.toString()},
      {"identity", "enroll", "--token", "t", "--name", "../x", "--data", data.toString()},
      {"provider", "start", "--cpu", "lots"},
      {"provider", "start", "--memory", "512MB"},
      {"provider", "start", "--data", dir.resolve("empty").toString()},
    };
    for (String[] args : cases) {
      Cli cli = Cli.run(args);
      assertEquals(ExitCodes.USAGE, cli.exitCode(), () -> String.join(" ", args) + "\n" + cli);
      assertFalse(cli.stderr().isBlank(), () -> String.join(" ", args) + ": no message");
    }
    try (var files = Files.list(data.resolve("identities/carol"))) {
      assertTrue(files.findAny().isEmpty(), "an existing identity is never touched");
    }
  }
}
