package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy, balance and audit against a fake broker, and the errors every command shares. */
class ClientCommandsTest extends FakeMarketFixture {
  @Test
  void deployPrintsIdAndDigest() throws Exception {
    Path wasm = Files.write(tmp.resolve("m.wasm"), WASM);
    Cli cli =
        cli(
            "function",
            "deploy",
            "--name",
            "upper",
            "--wasm",
            wasm.toString(),
            "--memory",
            "1MiB",
            "--trust",
            "reexecute");
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals(market.consumer.id() + "/upper " + Crypto.sha256Hex(WASM) + "\n", cli.out());
    assertTrue(ledger.function(market.consumer.id() + "/upper").contains("\"REEXECUTE\""));
  }

  @Test
  void balance() {
    Cli cli = cli("balance");
    assertEquals(0, cli.exitCode(), cli::toString);
    assertEquals(market.consumer.id() + " 1000000\n", cli.out());
    Cli json = cli("balance", "--json");
    assertEquals(1_000_000, Json.tree(json.out()).get("balance").asLong());
    assertEquals(market.consumer.id(), Json.tree(json.out()).get("account").asText());
  }

  @Test
  void auditPassesThenCatchesTampering() throws Exception {
    deploy("echo");
    for (int i = 0; i < 3; i++) {
      assertEquals(0, cli("invoke", "echo", "--input", "x" + i).exitCode());
    }
    broker.invocations.settleAll();
    Cli ok = cli("audit", "--as", "consumer");
    assertEquals(0, ok.exitCode(), ok::toString);
    assertTrue(ok.out().startsWith("audit passed: 1 batches, 3 receipts"), ok::toString);
    assertTrue(ok.stderr().contains("audit: batch batch-1"), ok::toString);
    Cli json = cli("audit", "--json");
    assertTrue(Json.tree(json.out()).get("ok").asBoolean(), json::toString);
    assertTrue(json.out().contains("\"ok\" : true"), json::toString);

    ledger.books.batches.get("batch-1").put("totalFees", 1);
    Cli bad = cli("audit");
    assertEquals(1, bad.exitCode(), bad::toString);
    assertTrue(bad.out().contains("BATCH_TOTAL_MISMATCH batch-1"), bad::toString);
    Cli badJson = cli("audit", "--json");
    assertEquals(1, badJson.exitCode());
    assertEquals(
        "BATCH_TOTAL_MISMATCH",
        Json.tree(badJson.out()).get("discrepancies").get(0).get("kind").asText());
  }

  @Test
  void noIdentityTellsToRunUp() {
    Cli cli =
        Cli.run(
            "balance",
            "--broker",
            broker.uri().toString(),
            "--data",
            tmp.resolve("empty").toString());
    assertEquals(ExitCodes.USAGE, cli.exitCode(), cli::toString);
    assertTrue(cli.stderr().contains("run ./edgemarket up first"), cli::toString);
    Cli audit = Cli.run("audit", "--data", tmp.resolve("empty").toString());
    assertTrue(audit.stderr().contains("run ./edgemarket up first"), audit::toString);
  }

  @Test
  void unreachableBrokerIsNamed() throws Exception {
    for (String[] args :
        new String[][] {
          {"balance"}, {"invoke", "echo", "--input", "x", "--timeout", "1s"}, {"audit"}
        }) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--broker", "http://127.0.0.1:1", "--data", data.toString()));
      Cli cli = Cli.run(all.toArray(String[]::new));
      assertEquals(ExitCodes.FAILED, cli.exitCode(), cli::toString);
      assertTrue(
          cli.stderr().contains("cannot reach the broker at http://127.0.0.1:1"), cli::toString);
      assertTrue(!cli.stderr().contains("Exception"), cli::toString);
    }
  }
}
