package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.BrokerListener;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.EdgeMarketException;
import io.edgemarket.sdk.InvocationException;
import io.edgemarket.sdk.InvokeOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A market whose broker serves HTTPS with a certificate from the market CA, reached by the SDK and
 * the CLI over real TLS, and {@code broker start} run as its own process, as an operator runs it.
 */
class TlsMarketIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  @Test
  void sdkAndCliSpeakTlsVerifiedAgainstTheMarketCaAndRefuseAnotherOne() throws Exception {
    Path marketDir = dir.resolve("market");
    BrokerListener tls = new BrokerListener("127.0.0.1", 0, true, List.of(), null, null);
    try (LocalMarket market =
        LocalMarket.start(marketDir, tls, 1, LedgerKind.EMBEDDED, null, QUIET)) {
      String broker = market.brokerUrl().toString();
      assertTrue(broker.startsWith("https://127.0.0.1:"), broker);
      var ca = market.dir().trustRoot();

      try (EdgeMarket consumer =
          EdgeMarket.builder()
              .broker(market.brokerUrl())
              .identity(market.dir().identity("consumer"))
              .trustRoot(ca)
              .tlsTrust(ca)
              .build()) {
        consumer.deploy(
            "echo",
            Files.readAllBytes(Path.of("../samples/wasm/echo.wasm")),
            DeployOptions.defaults());
        InvocationResult result =
            consumer.invoke(
                "echo", "over tls".getBytes(StandardCharsets.UTF_8), InvokeOptions.defaults());
        assertEquals("over tls", new String(result.output(), StandardCharsets.UTF_8));
      }

      Cli balance = Cli.run("balance", "--broker", broker, "--data", marketDir.toString());
      assertEquals(0, balance.exitCode(), balance::toString);
      assertTrue(balance.out().matches("consumer@EdgeMarketMSP \\d+\\s*"), balance::toString);
      Cli invoke =
          Cli.run(
              "invoke",
              "echo",
              "--input",
              "cli",
              "--broker",
              broker,
              "--data",
              marketDir.toString());
      assertEquals(0, invoke.exitCode(), invoke::toString);
      assertEquals("cli", invoke.out());

      // Another market's CA: refused at once (not retried), with a reason, never a stack trace.
      CertificateAuthority other = CertificateAuthority.create("OtherMSP");
      try (EdgeMarket misled =
          EdgeMarket.builder()
              .broker(market.brokerUrl())
              .identity(market.dir().identity("consumer"))
              .tlsTrust(other.certificate())
              .timeout(Duration.ofSeconds(20))
              .build()) {
        long start = System.nanoTime();
        InvocationException e =
            assertThrows(
                InvocationException.class,
                () -> misled.invoke("echo", new byte[] {1}, InvokeOptions.defaults()));
        assertEquals(EdgeMarketException.BROKER_UNTRUSTED, e.code(), e::getMessage);
        assertTrue(e.getMessage().contains("not issued by the market CA"), e::getMessage);
        assertFalse(e.isUnreachable());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "not retried");
      }

      // A contributor enrolls over https, checking the broker against the CA it was handed; with
      // another CA the token is never sent, so it still works once the right CA is used.
      Cli token =
          Cli.run(
              "identity",
              "token",
              "--role",
              "provider",
              "--broker",
              broker,
              "--data",
              marketDir.toString());
      assertEquals(0, token.exitCode(), token::toString);
      Path otherCa = dir.resolve("other-ca.pem");
      Files.writeString(otherCa, Pem.encode(other.certificate()));
      Path contributor = dir.resolve("contributor");
      Cli refused = enroll(broker, token.out().strip(), otherCa, contributor);
      assertEquals(ExitCodes.FAILED, refused.exitCode(), refused::toString);
      assertTrue(refused.stderr().contains("refused the broker at " + broker), refused::toString);
      assertTrue(refused.stderr().contains("not issued by the market CA"), refused::toString);
      assertFalse(refused.stderr().contains("\tat "), "no stack trace: " + refused);
      Cli enrolled =
          enroll(broker, token.out().strip(), market.dir().caCertificateFile(), contributor);
      assertEquals(0, enrolled.exitCode(), enrolled::toString);
      assertTrue(Files.exists(contributor.resolve("identities/provider/key.pem")));

      assertNoHttpAnswer(market.brokerUrl().getPort());
    }
  }

  @Test
  void brokerStartServesHttpsAloneUntilSigterm() throws Exception {
    Path data = dir.resolve("operator");
    int port = MarketProcess.freePort();
    Path log = dir.resolve("broker.log");
    MarketProcess process =
        MarketProcess.start(
            log,
            "broker",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--data",
            data.toString());
    try {
      process.awaitLine("Press Ctrl-C to stop.", Duration.ofSeconds(120));
      String broker = "https://127.0.0.1:" + port;
      assertTrue(
          Files.readString(log).contains("listening on:   " + broker), Files.readString(log));
      Cli balance = Cli.run("balance", "--broker", broker, "--data", data.toString());
      assertEquals(0, balance.exitCode(), balance::toString);
      Cli token =
          Cli.run(
              "identity",
              "token",
              "--role",
              "consumer",
              "--broker",
              broker,
              "--data",
              data.toString());
      assertEquals(0, token.exitCode(), token::toString);
      assertNoHttpAnswer(port);
    } finally {
      process.stop();
    }
    assertTrue(Files.readString(log).contains("edgemarket: stopped"), Files.readString(log));
  }

  private static Cli enroll(String broker, String token, Path caCert, Path data) {
    return Cli.run(
        "identity",
        "enroll",
        "--broker",
        broker,
        "--token",
        token,
        "--ca-cert",
        caCert.toString(),
        "--data",
        data.toString());
  }

  /** Plain HTTP to the TLS port: the connection ends without any HTTP answer. */
  private static void assertNoHttpAnswer(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] answer;
      try {
        answer = socket.getInputStream().readAllBytes();
      } catch (IOException e) {
        answer = new byte[0];
      }
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      assertFalse(text.contains("HTTP/"), "an HTTP answer on a TLS port: " + text);
    }
  }
}
