package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.edgemarket.agent.container.ContainerConfig;
import io.edgemarket.cli.market.ContainerMode;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container function end to end with the real launcher's commands: {@code function deploy
 * --image} of an image built by samples/containers/build.sh, then {@code invoke} on a local market
 * whose agents run containers in the real Docker engine, paid and settled like a Wasm call. In CI
 * an engine that does not answer fails the build; elsewhere the class is skipped, loudly.
 */
class ContainerMarketIT {
  private static final String NO_ENGINE =
      "no Docker engine answers at /var/run/docker.sock: start dockerd (scripts/docker-engine.sh)";
  private static final Path SAMPLES = Path.of("..", "samples", "containers").toAbsolutePath();

  @TempDir Path tmp;

  @BeforeAll
  static void requireEngineAndBuildImages() throws Exception {
    if (!ContainerMode.engineAnswers()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(NO_ENGINE);
      }
      System.err.println("\n*** SKIPPED ContainerMarketIT: " + NO_ENGINE + " ***\n");
      Assumptions.abort(NO_ENGINE);
    }
    Process build =
        new ProcessBuilder("bash", SAMPLES.resolve("build.sh").toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(build.waitFor(120, TimeUnit.SECONDS), "build.sh did not finish");
    assertEquals(0, build.exitValue(), log);
  }

  @Test
  void anImageDeployedWithTheCliRunsInAContainerAndIsPaid() throws Exception {
    Path data = tmp.resolve("market");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    try (LocalMarket market =
        LocalMarket.start(data, 0, 2, LedgerKind.EMBEDDED, ContainerConfig.defaults(), quiet)) {
      String[] where = {"--broker", market.brokerUrl().toString(), "--data", data.toString()};
      Path image = SAMPLES.resolve("upper.tar");
      Cli deploy = run(where, "function", "deploy", "--name", "shout", "--image", image.toString());
      assertEquals(0, deploy.exitCode(), deploy::toString);
      assertTrue(deploy.out().contains("/shout "), deploy::toString);

      Cli invoke = run(where, "invoke", "shout", "--input", "hello edge");
      assertEquals(0, invoke.exitCode(), invoke::toString);
      assertEquals("HELLO EDGE", invoke.out(), invoke::toString);

      Cli json = run(where, "invoke", "shout", "--input", "again", "--json");
      assertEquals(0, json.exitCode(), json::toString);
      var answer = Json.tree(json.out());
      assertEquals("OK", answer.get("status").asText(), json::toString);
      assertEquals("AGAIN", answer.get("output").asText(), json::toString);
      assertTrue(answer.get("cost").asLong() > 0, json::toString);

      // Paid once the receipts settle (batches close within a second).
      Await.until(
          "the consumer to pay for the container calls",
          () -> {
            Cli balance = run(where, "balance");
            assertEquals(0, balance.exitCode(), balance::toString);
            return Long.parseLong(balance.out().strip().split(" ")[1]);
          },
          left -> left < LocalMarket.INITIAL_ESCROW);
      assertTrue(Files.exists(data.resolve("agents")), "agents ran in " + data);
    }
  }

  private static Cli run(String[] where, String... args) {
    String[] all = new String[args.length + where.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(where, 0, all, args.length, where.length);
    return Cli.run(all);
  }
}
