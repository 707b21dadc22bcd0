package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.FabricRequired;
import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo}, {@code balance} and {@code audit} with {@code --ledger fabric}, on the real network
 * of network-config (scripts/test-all.sh starts it before the build). In CI a network that is not
 * running fails the build; elsewhere the class is skipped, loudly.
 */
class FabricMarketIT {
  @TempDir Path tmp;

  @BeforeAll
  static void requireNetwork() {
    FabricRequired.network("FabricMarketIT");
  }

  @Test
  void theDemoSettlesOnFabricAndAnAuditorVerifiesTheLedger() throws Exception {
    String data = tmp.resolve("market").toString();
    Cli demo =
        Cli.run(
            "demo",
            "--ledger",
            "fabric",
            "--data",
            data,
            "--invocations",
            "12",
            "--providers",
            "2");
    assertEquals(0, demo.exitCode(), demo::toString);
    assertTrue(demo.out().contains("all 12 receipts settled"), demo::toString);
    assertTrue(
        Pattern.compile("(?m)^receipt \\S+ verified$").matcher(demo.out()).find(), demo::toString);
    assertTrue(demo.out().contains("(double entry: always 0)"), demo::toString);
    // Providers belong to the providers' cooperative, everyone else to the consumers' org.
    assertTrue(demo.out().contains("@ProvidersOrgMSP"), demo::toString);
    assertEquals("fabric", Files.readString(Path.of(data, "ledger")).strip());
    assertTrue(Files.exists(Path.of(data, "trust", "ProvidersOrgMSP.pem")));
    assertTrue(Files.exists(Path.of(data, "trust", "ConsumersOrgMSP.pem")));

    Cli audit = Cli.run("audit", "--ledger", "fabric", "--json", "--data", data);
    assertEquals(0, audit.exitCode(), audit::toString);
    assertTrue(Json.tree(audit.out()).get("ok").asBoolean(), audit::toString);
    assertTrue(Json.tree(audit.out()).get("receiptsChecked").asLong() >= 12, audit::toString);

    Cli wrong = Cli.run("audit", "--ledger", "embedded", "--data", data);
    assertEquals(ExitCodes.USAGE, wrong.exitCode(), wrong::toString);
    assertTrue(wrong.stderr().contains("holds a market on the fabric ledger"), wrong::toString);
  }

  @Test
  void clientsUseTheirPeerAndTheBrokerRelayRefusesFabricProposals() throws Exception {
    Path data = tmp.resolve("relay");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    try (LocalMarket market = LocalMarket.start(data, 0, 1, LedgerKind.FABRIC, quiet)) {
      String broker = market.brokerUrl().toString();
      Cli balance = Cli.run("balance", "--broker", broker, "--data", data.toString());
      assertEquals(0, balance.exitCode(), balance::toString);
      assertTrue(
          balance.out().contains(Long.toString(LocalMarket.INITIAL_ESCROW)), balance::toString);

      try (LedgerGateway relay =
          new RemoteLedgerGateway(market.brokerUrl(), market.dir().identity("consumer"))) {
        LedgerException refused =
            assertThrows(
                LedgerException.class,
                () -> relay.evaluate(Transactions.GET_BALANCE, "consumer@ConsumersOrgMSP"));
        assertEquals(ErrorCodes.UNAVAILABLE, refused.code(), refused::getMessage);
        assertTrue(refused.getMessage().contains("Fabric Gateway"), refused::getMessage);
      }
    }
    // A market directory keeps its ledger: it cannot be restarted on the other one.
    Cli switched =
        Cli.run("demo", "--ledger", "embedded", "--data", data.toString(), "--invocations", "1");
    assertNotEquals(0, switched.exitCode(), switched::toString);
    assertTrue(
        switched.stderr().contains("holds a market on the fabric ledger"), switched::toString);
  }
}
