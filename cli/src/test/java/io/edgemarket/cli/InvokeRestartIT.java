package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.LocalMarket;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code invoke} rides through a real broker that is down before the ticket is signed (the
 * function's spec and the broker's id are read from it first): it waits for the broker started
 * again on the same data directory and port, and otherwise says the broker is unavailable, by URL,
 * once its timeout has passed.
 */
class InvokeRestartIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  @Test
  void aStoppedBrokerIsWaitedForUntilTheTimeout() throws Exception {
    Path data = dir.resolve("market");
    int port = MarketProcess.freePort();
    String url = "http://127.0.0.1:" + port;
    try (LocalMarket market = LocalMarket.start(data, port, 1, QUIET)) {
      Cli deploy =
          Cli.against(
              url,
              data,
              "function",
              "deploy",
              "--name",
              "upper",
              "--wasm",
              "../samples/wasm/upper.wasm");
      assertEquals(0, deploy.exitCode(), deploy::toString);
    }

    Cli down = Cli.against(url, data, "invoke", "upper", "--input", "x", "--timeout", "2s");
    assertEquals(ExitCodes.FAILED, down.exitCode(), down::toString);
    assertTrue(down.stderr().contains("broker unavailable at " + url), down::toString);
    assertTrue(down.stderr().contains("tried again"), down::toString);
    assertFalse(down.stderr().contains("Exception"), down::toString);

    FutureTask<Cli> invoke =
        new FutureTask<>(
            () ->
                Cli.against(
                    url, data, "invoke", "upper", "--input", "ride through", "--timeout", "90s"));
    new Thread(invoke, "invoke").start();
    Thread.sleep(1_000);
    assertFalse(invoke.isDone(), "invoke waits while the broker is down");
    try (LocalMarket again = LocalMarket.start(data, port, 1, QUIET)) {
      Cli answered = invoke.get(120, TimeUnit.SECONDS);
      assertEquals(0, answered.exitCode(), answered::toString);
      assertEquals("RIDE THROUGH", answered.out());
    }
  }
}
