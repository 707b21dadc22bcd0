package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.Pricing;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a contributor installs it: provider-agent's tar.gz (built by the reactor before this
 * module) unpacked into a temporary directory, {@code bin/edgemarket-agent enroll} with a token and
 * {@code start} from a settings file and the environment, in its own JVM with nothing of the source
 * tree on its class path; it serves the market's only offer, earns, and drains on SIGTERM.
 */
class AgentDistributionIT {
  private static final int FEE_BPS = 500;

  @TempDir Path dir;

  @Test
  void theUnpackedDistributionEnrollsServesAndEarns() throws Exception {
    Path home = AgentInstall.unpack(dir);
    Path agent = home.resolve("bin/edgemarket-agent");
    assertTrue(Files.isExecutable(agent));
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
      assertTrue(
          jars.stream().anyMatch(j -> j.startsWith("edgemarket-provider-agent-")), jars::toString);
      assertTrue(
          jars.stream()
              .noneMatch(
                  j ->
                      j.matches(
                          "(edgemarket-(broker|ledger|chaincode|cli|web|consumer)|fabric).*")),
          () -> "only the agent's dependencies: " + jars);
    }
    for (String file :
        new String[] {
          "conf/provider.properties.example", "systemd/edgemarket-agent.service", "Dockerfile"
        }) {
      assertTrue(Files.exists(home.resolve(file)), file);
    }
    AgentInstall.Run help = AgentInstall.Run.of(agent, Map.of(), "--help").waitFor();
    assertEquals(0, help.exit(), help::toString);
    assertTrue(help.log().contains("enroll") && help.log().contains("start"), help::toString);

    Path marketDir = dir.resolve("market");
    Path contributor = dir.resolve("contributor");
    try (LocalMarket market =
            LocalMarket.start(marketDir, 0, 0, new PrintStream(OutputStream.nullOutputStream()));
        EdgeMarket consumer =
            EdgeMarket.builder()
                .broker(market.brokerUrl())
                .identity(market.dir().identity("consumer"))
                .trustRoot(market.dir().trustRoot())
                .build()) {
      String broker = market.brokerUrl().toString();
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

      AgentInstall.Run enroll =
          AgentInstall.Run.of(
                  agent,
                  Map.of("EDGEMARKET_TOKEN", token.out().strip()),
                  "enroll",
                  "--broker",
                  broker,
                  "--data",
                  contributor.toString())
              .waitFor();
      assertEquals(0, enroll.exit(), enroll::toString);
      assertTrue(enroll.log().contains("erin@EdgeMarketMSP"), enroll::toString);

      Path settings =
          Files.writeString(
              dir.resolve("provider.properties"),
              "broker="
                  + broker
                  + "\ndata="
                  + contributor
                  + "\nas=erin\nprice=10\n"
                  + "price-per-mfuel=1\ncontainers=off\nmemory=1GiB\n");
      AgentInstall.Run start =
          AgentInstall.Run.of(
              agent,
              Map.of("EDGEMARKET_MEMORY", "256MiB"),
              "start",
              "--config",
              settings.toString(),
              "--concurrency",
              "2");
      try {
        start.awaitLog("offers up to");
        String offer = start.log();
        assertTrue(
            offer.contains("erin@EdgeMarketMSP offers up to 1000m CPU, 256 MiB, 2 at once, at 10"),
            offer);
        MarketProcess.awaitProviders(broker, 1, AgentInstall.DEADLINE);

        InvokeOptions options = InvokeOptions.defaults().withMaxPrice(200);
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          byte[] input = ("from a box " + i).getBytes(StandardCharsets.UTF_8);
          InvocationResult result = consumer.invoke("echo", input, options);
          assertEquals(InvocationResult.Status.OK, result.status(), result::toString);
          assertEquals("from a box " + i, new String(result.output(), StandardCharsets.UTF_8));
          assertEquals("erin@EdgeMarketMSP", result.receipt().providerId());
          receipts.add(result.receipt());
        }
        for (Receipt receipt : receipts) {
          consumer.awaitSettled(receipt.invocationId(), Duration.ofSeconds(60));
        }
        long share =
            receipts.stream()
                .mapToLong(r -> r.amount() - Pricing.brokerFee(r.amount(), FEE_BPS))
                .sum();
        assertTrue(share > 0);

        start.process().destroy(); // SIGTERM, as systemd and docker stop send it
        assertTrue(start.process().waitFor(60, TimeUnit.SECONDS), start::toString);
        String log = start.log();
        assertTrue(log.contains("draining erin@EdgeMarketMSP"), log);
        assertTrue(log.contains("erin@EdgeMarketMSP earned " + share + " in total"), log);
      } finally {
        start.process().destroyForcibly();
      }
    }
  }
}
