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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code receipt show} and {@code receipt verify} on a real market in this process (embedded
 * ledger, broker, agent, sandbox): the receipt of a real invocation, once the broker has settled
 * it, passes every step as its consumer sees it (the real chaincode does not show it batches) and
 * as the auditor (who also checks the broker's signature over the batch); before it is settled, or
 * for an id that never ran, the ledger has none.
 */
class ReceiptCommandsIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  @Test
  void aRealReceiptIsShownAndVerifiedFromTheLedger() throws Exception {
    Path data = dir.resolve("market");
    try (LocalMarket market = LocalMarket.start(data, 0, 1, QUIET)) {
      String url = market.brokerUrl().toString();
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
      Cli invoke = Cli.against(url, data, "invoke", "upper", "--input", "receipt me", "--json");
      assertEquals(0, invoke.exitCode(), invoke::toString);
      JsonNode result = Json.tree(invoke.out());
      String id = result.get("receiptId").asText();

      Cli verify =
          Await.until(
              "the receipt settled",
              () -> Cli.against(url, data, "receipt", "verify", id),
              c -> c.exitCode() != ExitCodes.FAILED);
      assertEquals(0, verify.exitCode(), verify::toString);
      String[] lines = verify.out().split("\n");
      assertEquals(ReceiptCommandsTest.STEPS.length + 1, lines.length, verify::toString);
      for (int i = 0; i < ReceiptCommandsTest.STEPS.length; i++) {
        assertTrue(
            lines[i].startsWith("PASS " + ReceiptCommandsTest.STEPS[i] + ": "), verify::toString);
      }
      assertTrue(lines[2].startsWith("PASS broker-signature: assignment to "), verify::toString);
      assertTrue(lines[4].contains("the ledger recorded"), verify::toString);
      assertEquals("receipt " + id + " verified", lines[5]);

      Cli audited = Cli.against(url, data, "receipt", "verify", id, "--as", "auditor", "--json");
      assertEquals(0, audited.exitCode(), audited::toString);
      JsonNode steps = Json.tree(audited.out()).get("steps");
      assertTrue(steps.get(2).get("detail").asText().startsWith("batch "), audited::toString);
      assertTrue(steps.get(4).get("detail").asText().contains("leaves give"), audited::toString);

      Cli show = Cli.against(url, data, "receipt", "show", id, "--json");
      assertEquals(0, show.exitCode(), show::toString);
      JsonNode record = Json.tree(show.out());
      assertEquals(result.get("cost").asLong(), record.get("receipt").get("amount").asLong());
      assertEquals(
          result.get("provider").asText(), record.get("receipt").get("providerId").asText());
      assertEquals(
          record.get("receipt").get("amount").asLong(),
          record.get("providerShare").asLong() + record.get("brokerFee").asLong());
      Cli text = Cli.against(url, data, "receipt", "show", id);
      assertTrue(
          text.out().contains("batch       " + record.get("batchId").asText() + ", leaf "),
          text::toString);

      Cli unknown = Cli.against(url, data, "receipt", "verify", "no-such-invocation");
      assertEquals(ExitCodes.FAILED, unknown.exitCode(), unknown::toString);
      assertTrue(unknown.stderr().contains("not settled yet [NOT_FOUND"), unknown::toString);
    }
  }
}
