package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.api.InvocationResult;
import io.edgemarket.model.api.Limits;
import io.edgemarket.sdk.DeployOptions;
import io.edgemarket.sdk.EdgeMarket;
import io.edgemarket.sdk.InvokeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Wasm function's stderr, with every real part (agent over its link, Chicory, broker, SDK, CLI):
 * its owner reads it with {@code invoke --logs}, bounded to 64 KiB and a marker.
 */
class FunctionLogsIT {
  @TempDir Path dir;

  @Test
  void theOwnerReadsTheFunctionsStderrBoundedAndTheCallStillSucceeds() throws Exception {
    Path data = dir.resolve("market");
    try (LocalMarket market =
            LocalMarket.start(data, 0, 1, new PrintStream(OutputStream.nullOutputStream()));
        EdgeMarket consumer =
            EdgeMarket.builder()
                .broker(market.brokerUrl())
                .identity(market.dir().identity("consumer"))
                .trustRoot(market.dir().trustRoot())
                .build()) {
      consumer.deploy(
          "logger",
          Files.readAllBytes(Path.of("../samples/wasm/stderr.wasm")),
          DeployOptions.defaults());
      String broker = market.brokerUrl().toString();

      Cli logs =
          Cli.run(
              "invoke",
              "logger",
              "--input",
              "sensor 7: cover open",
              "--logs",
              "--broker",
              broker,
              "--data",
              data.toString());
      Cli plain =
          Cli.run(
              "invoke",
              "logger",
              "--input",
              "sensor 7: cover open",
              "--broker",
              broker,
              "--data",
              data.toString());

      assertEquals(0, logs.exitCode(), logs::toString);
      assertEquals("logged\n", logs.out());
      assertTrue(
          logs.stderr().contains(":\nsensor 7: cover open\nedgemarket: end of logs"),
          logs::toString);
      assertEquals("logged\n", plain.out());
      assertFalse(plain.stderr().contains("cover open"), plain::toString);

      byte[] flood = new byte[Limits.MAX_PAYLOAD_BYTES];
      Arrays.fill(flood, (byte) 'e');
      InvocationResult flooded =
          consumer.invoke("logger", flood, InvokeOptions.defaults().withLogs(true));
      assertEquals(InvocationResult.Status.OK, flooded.status(), flooded::toString);
      assertEquals(
          "e".repeat(Limits.MAX_LOG_BYTES)
              + Limits.truncatedLogMarker(flood.length - Limits.MAX_LOG_BYTES),
          flooded.logs());
      assertEquals(
          flooded.logs(), consumer.invocation(flooded.invocationId()).logs(), "kept for lookups");
    }
  }
}
