package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.json.Json;
import io.edgemarket.testing.Await;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: {@code invoke --id ID} is an idempotency key across processes. Each run of the command
 * signs a ticket of its own, which the broker refuses as a DUPLICATE for a used id; the command
 * then answers with the first result when it was this very call (same function and input), so
 * repeating the command prints the first result and charges once. Another input under the same id
 * stays refused.
 */
class InvokeIdIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  @Test
  void theSameCommandRepeatedWithItsIdPrintsTheFirstResultAndChargesOnce() throws Exception {
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
      long before = balance(url, data);
      String id = "repeat-" + UUID.randomUUID();

      Cli first =
          Cli.against(url, data, "invoke", "upper", "--input", "once", "--id", id, "--json");
      Cli again =
          Cli.against(url, data, "invoke", "upper", "--input", "once", "--id", id, "--json");
      assertEquals(0, first.exitCode(), first::toString);
      assertEquals(0, again.exitCode(), again::toString);
      JsonNode one = Json.tree(first.out());
      JsonNode two = Json.tree(again.out());
      assertEquals("ONCE", two.get("output").asText());
      assertEquals(id, two.get("invocationId").asText());
      assertEquals(one.get("receiptId").asText(), two.get("receiptId").asText(), "the first run");

      Cli other = Cli.against(url, data, "invoke", "upper", "--input", "another", "--id", id);
      assertEquals(ExitCodes.FAILED, other.exitCode(), other::toString);
      assertTrue(
          other.stderr().contains("DUPLICATE") || other.stderr().contains("already used"),
          other::toString);

      Cli bad = Cli.against(url, data, "invoke", "upper", "--input", "x", "--id", " ");
      assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);

      long cost = one.get("cost").asLong();
      // Charged once the batch settles; never twice, whatever the wait.
      Await.until("charged", () -> balance(url, data), b -> b != before);
      assertEquals(
          before - cost, balance(url, data), "charged once for the two runs of the command");
    }
  }

  private static long balance(String url, Path data) {
    Cli balance = Cli.against(url, data, "balance");
    assertEquals(0, balance.exitCode(), balance::toString);
    String[] words = balance.out().strip().split("\\s+");
    return Long.parseLong(words[words.length - 1]);
  }
}
