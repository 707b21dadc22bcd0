package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS options and refusals that need no running broker. */
class TlsCommandsTest {
  @TempDir Path dir;

  @Test
  void brokerStartHelpExplainsItsOptions() {
    Cli help = Cli.run("broker", "start", "--help");
    assertEquals(0, help.exitCode(), help::toString);
    String text = help.out();
    for (String option :
        new String[] {
          "--host", "--port", "--ledger", "--data", "--tls-cert", "--tls-key", "--san"
        }) {
      assertTrue(text.contains(option), option + " in:\n" + text);
    }
    assertTrue(text.contains("serves HTTPS only"), text);
    assertTrue(text.contains("market CA"), text);
    assertTrue(text.contains("(default: 8443)"), text);
  }

  @Test
  void brokerStartNeedsAHost() {
    Cli run = Cli.run("broker", "start", "--data", dir.toString());
    assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
    assertTrue(run.stderr().contains("--host"), run::toString);
  }

  @Test
  void upHelpNamesHostAndTls() {
    Cli help = Cli.run("up", "--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.out().contains("--host=ADDR"), help::toString);
    assertTrue(help.out().contains("--tls "), help::toString);
  }

  @Test
  void enrollRefusesToSendATokenOverPlainHttpToAnotherMachine() {
    Cli run =
        Cli.run(
            "identity",
            "enroll",
            "--broker",
            "http://192.0.2.10:8080",
            "--token",
            "secret-token",
            "--data",
            dir.toString());
    assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
    assertTrue(
        run.stderr().contains("refusing to send an enrollment token over plain http"),
        run::toString);
    assertTrue(run.stderr().contains("https://"), run::toString);
    assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run);
  }

  @Test
  void tokensAreNotIssuedOverPlainHttpToAnotherMachineEither() {
    Cli run =
        Cli.run(
            "identity",
            "token",
            "--role",
            "provider",
            "--broker",
            "http://broker.example.test:8080",
            "--data",
            dir.toString());
    assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
    assertTrue(run.stderr().contains("refusing to issue an enrollment token"), run::toString);
  }

  @Test
  void anHttpsBrokerWithNoMarketCaToCheckItAgainstIsAUsageError() {
    Cli run =
        Cli.run(
            "identity",
            "enroll",
            "--broker",
            "https://broker.example.test:8443",
            "--token",
            "secret-token",
            "--data",
            dir.toString());
    assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
    assertTrue(run.stderr().contains("ca-cert.pem to verify the broker"), run::toString);
  }
}
