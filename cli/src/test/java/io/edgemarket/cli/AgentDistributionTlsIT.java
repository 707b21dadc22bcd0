package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.BrokerListener;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.http.Tls;
import io.edgemarket.model.json.Json;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed agent and an HTTPS broker: {@code enroll --ca-cert} verifies the broker before the
 * token leaves (another CA's certificate is refused and the token stays unspent; plain http beyond
 * loopback is refused outright), and {@code start --dial-out} verifies it against DIR's CA and
 * serves over its link.
 */
class AgentDistributionTlsIT {
  @TempDir Path dir;

  @Test
  void theInstalledAgentEnrollsAndServesOverTlsVerifiedAgainstTheMarketCa() throws Exception {
    Path agent = AgentInstall.unpack(dir).resolve("bin/edgemarket-agent");
    Path marketDir = dir.resolve("market");
    Path contributor = dir.resolve("contributor");
    BrokerListener tls = new BrokerListener("127.0.0.1", 0, true, List.of(), null, null);
    try (LocalMarket market =
            LocalMarket.start(
                marketDir,
                tls,
                0,
                LedgerKind.EMBEDDED,
                null,
                new PrintStream(OutputStream.nullOutputStream()));
        EdgeMarket consumer =
            EdgeMarket.builder()
                .broker(market.brokerUrl())
                .identity(market.dir().identity("consumer"))
                .trustRoot(market.dir().trustRoot())
                .tlsTrust(market.dir().trustRoot())
                .build()) {
      String broker = market.brokerUrl().toString();
      assertTrue(broker.startsWith("https://"), broker);
      consumer.deploy(
          "echo",
          Files.readAllBytes(Path.of("../samples/wasm/echo.wasm")),
          DeployOptions.defaults());
      Cli token =
          Cli.run(
              "identity",
              "token",
              "--role",
              "provider",
              "--name",
              "erin",
              "--broker",
              broker,
              "--data",
              marketDir.toString());
      assertEquals(0, token.exitCode(), token::toString);
      Map<String, String> withToken = Map.of("EDGEMARKET_TOKEN", token.out().strip());

      Path otherCa =
          Files.writeString(
              dir.resolve("other-ca.pem"),
              Pem.encode(CertificateAuthority.create("OtherMSP").certificate()));
      AgentInstall.Run misled =
          AgentInstall.Run.of(
                  agent,
                  withToken,
                  "enroll",
                  "--broker",
                  broker,
                  "--ca-cert",
                  otherCa.toString(),
                  "--data",
                  dir.resolve("misled").toString())
              .waitFor();
      assertEquals(2, misled.exit(), misled::toString);
      assertTrue(misled.log().contains("BROKER_UNTRUSTED"), misled::toString);
      assertTrue(misled.log().contains("not issued by the market CA"), misled::toString);
      assertFalse(Files.exists(dir.resolve("misled/ca-cert.pem")));

      AgentInstall.Run plain =
          AgentInstall.Run.of(
                  agent,
                  withToken,
                  "enroll",
                  "--broker",
                  "http://192.0.2.1:8080",
                  "--data",
                  dir.resolve("plain").toString())
              .waitFor();
      assertEquals(3, plain.exit(), plain::toString);
      assertTrue(plain.log().contains("refusing to send an enrollment token"), plain::toString);

      AgentInstall.Run fresh =
          AgentInstall.Run.of(
                  agent,
                  withToken,
                  "enroll",
                  "--broker",
                  broker,
                  "--data",
                  dir.resolve("fresh").toString())
              .waitFor();
      assertEquals(3, fresh.exit(), fresh::toString);
      assertTrue(fresh.log().contains("pass --ca-cert FILE"), fresh::toString);

      Path operatorCa = Files.copy(market.dir().caCertificateFile(), dir.resolve("ca-cert.pem"));
      AgentInstall.Run enroll =
          AgentInstall.Run.of(
                  agent,
                  withToken,
                  "enroll",
                  "--broker",
                  broker,
                  "--ca-cert",
                  operatorCa.toString(),
                  "--data",
                  contributor.toString())
              .waitFor();
      assertEquals(0, enroll.exit(), enroll::toString); // the refused attempts left it unspent
      assertTrue(enroll.log().contains("erin@EdgeMarketMSP"), enroll::toString);
      assertTrue(Files.exists(contributor.resolve("ca-cert.pem")));

      AgentInstall.Run start =
          AgentInstall.Run.of(
              agent,
              Map.of(),
              "start",
              "--broker",
              broker,
              "--data",
              contributor.toString(),
              "--as",
              "erin",
              "--dial-out",
              "--containers",
              "off",
              "--memory",
              "256MiB");
      try {
        start.awaitLog("taking invocations over its link to");
        awaitProvider(market);
        InvokeOptions options = InvokeOptions.defaults().withMaxPrice(1000);
        for (int i = 0; i < 3; i++) {
          byte[] input = ("sealed " + i).getBytes(StandardCharsets.UTF_8);
          InvocationResult result = consumer.invoke("echo", input, options);
          assertEquals(InvocationResult.Status.OK, result.status(), result::toString);
          assertEquals("sealed " + i, new String(result.output(), StandardCharsets.UTF_8));
          assertEquals("erin@EdgeMarketMSP", result.receipt().providerId());
        }
      } finally {
        start.process().destroy();
        start.process().waitFor();
      }
    }
  }

  /** The broker's health, over https verified against the market CA, counts the agent. */
  private static void awaitProvider(LocalMarket market) throws Exception {
    HttpClient http = Tls.httpClient(List.of(market.dir().trustRoot())).build();
    HttpRequest health =
        HttpRequest.newBuilder(market.brokerUrl().resolve("/api/v1/health")).build();
    Await.until(
        "the agent serving",
        AgentInstall.DEADLINE,
        () ->
            Json.tree(http.send(health, HttpResponse.BodyHandlers.ofString()).body())
                    .path("providers")
                    .asInt()
                >= 1);
  }
}
