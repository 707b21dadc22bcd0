package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.http.RemoteLedgerGateway;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Balance;
import io.edgemarket.model.ledger.Transactions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A market started again on its directory credits nobody twice, even when the launcher was killed
 * after the ledger made a credit but before it noted so (its marker file is missing).
 */
class MarketRestartIT {
  @TempDir Path dir;

  @Test
  void aCreditTheLedgerAlreadyMadeIsNotMadeAgain() throws Exception {
    Path data = dir.resolve("market");
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    try (LocalMarket market = LocalMarket.start(data, 0, 1, new PrintStream(first, true))) {
      assertEquals(LocalMarket.INITIAL_ESCROW, balance(market, "consumer"));
    }
    assertTrue(first.toString(StandardCharsets.UTF_8).contains("credited"), first::toString);
    // As if killed between the credits and the notes of them.
    Files.delete(data.resolve(".escrow-funded"));
    Files.delete(data.resolve("agents/provider-1/.stake-funded"));

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    try (LocalMarket market = LocalMarket.start(data, 0, 1, new PrintStream(again, true))) {
      assertEquals(LocalMarket.INITIAL_ESCROW, balance(market, "consumer"));
      assertEquals(LocalMarket.DEFAULT_STAKE, balance(market, "provider-1"), "its stake, once");
    }
    assertFalse(again.toString(StandardCharsets.UTF_8).contains("credited"), again::toString);
    assertTrue(Files.exists(data.resolve(".escrow-funded")), "the note is made on restart");
  }

  private static long balance(LocalMarket market, String name) throws Exception {
    try (LedgerGateway auditor =
        new RemoteLedgerGateway(market.brokerUrl(), market.dir().identity("auditor"))) {
      String id = market.dir().identity(name).id();
      return Json.read(auditor.evaluate(Transactions.GET_BALANCE, id), Balance.class).balance();
    }
  }
}
