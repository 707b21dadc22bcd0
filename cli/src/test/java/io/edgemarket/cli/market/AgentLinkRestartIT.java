package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.edgemarket.agent.Inbound;
import io.edgemarket.agent.ProviderAgent;
import io.edgemarket.model.Role;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dial-out agent outlives its broker: while the broker is down the agent keeps trying (with
 * backoff), and once a broker answers on the same address again the agent links again on its own
 * and serves invocations over the new link.
 */
class AgentLinkRestartIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  @TempDir Path dir;

  @Test
  void theAgentLinksAgainAfterTheBrokerRestarts() throws Exception {
    Path data = dir.resolve("market");
    int port = freePort();
    byte[] upper = Files.readAllBytes(Path.of("../samples/wasm/upper.wasm"));
    ProviderAgent agent = null;
    try {
      try (LocalMarket market = LocalMarket.start(data, port, 0, QUIET)) {
        agent =
            ProviderAgent.builder()
                .broker(market.brokerUrl())
                .identity(
                    market.dir().ensureIdentity(market.dir().authority(), "roamer", Role.PROVIDER))
                .trustRoots(market.dir().trustRoots())
                .dataDir(dir.resolve("roamer"))
                .cpuShareMillis(1000)
                .memoryShareMb(256)
                .maxConcurrency(4)
                .pricePerInvocation(50)
                .pricePerMegaFuel(10)
                .inbound(Inbound.NONE)
                .build()
                .start();
        Await.until("linked", agent::linked);
        try (EdgeMarket consumer = consumer(market)) {
          consumer.deploy("upper", upper, DeployOptions.defaults());
          assertServes(consumer, agent, "before");
        }
      }
      ProviderAgent roamer = agent;
      Await.until("link down with the broker", () -> !roamer.linked());
      assertFalse(agent.linked());

      try (LocalMarket market = LocalMarket.start(data, port, 0, QUIET);
          EdgeMarket consumer = consumer(market)) {
        Await.until("linked again", roamer::linked);
        Await.until(
            "served again",
            () -> {
              try {
                assertServes(consumer, roamer, "after");
                return true;
              } catch (io.edgemarket.sdk.InvocationException e) {
                return false; // the broker's book may not have its offer yet
              }
            });
      }
    } finally {
      if (agent != null) {
        agent.close();
      }
    }
  }

  private static void assertServes(EdgeMarket consumer, ProviderAgent agent, String input)
      throws Exception {
    InvocationResult result =
        consumer.invoke("upper", input.getBytes(StandardCharsets.UTF_8), InvokeOptions.defaults());
    assertEquals(InvocationResult.Status.OK, result.status());
    assertArrayEquals(input.toUpperCase().getBytes(StandardCharsets.UTF_8), result.output());
    assertEquals(agent.identity().id(), result.receipt().providerId());
  }

  private static EdgeMarket consumer(LocalMarket market) throws Exception {
    return EdgeMarket.builder()
        .broker(URI.create(market.brokerUrl().toString()))
        .identity(market.dir().identity("consumer"))
        .trustRoot(market.dir().trustRoot())
        .build();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
