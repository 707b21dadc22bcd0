package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.LedgerKind;
import io.edgemarket.cli.market.LocalMarket;
import io.edgemarket.model.crypto.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost or stolen key (SECURITY.md attack 9) through the launcher: {@code identity rotate} gives
 * the consumer a new key and certificate, its balance and account carry over, and the old key can
 * no longer act for it.
 */
class IdentityRotateIT {
  @TempDir Path tmp;

  @Test
  void aRotatedIdentityKeepsItsAccountAndTheOldKeyIsRefused() throws Exception {
    Path data = tmp.resolve("market");
    try (LocalMarket market =
        LocalMarket.start(data, 0, 1, LedgerKind.EMBEDDED, TrustScenarios.QUIET)) {
      String url = market.brokerUrl().toString();
      Identity before = market.dir().identity("consumer");
      Cli balance = Cli.run("balance", "--data", data.toString(), "--broker", url);
      assertEquals(0, balance.exitCode(), balance::toString);

      Cli rotate =
          Cli.run(
              "identity", "rotate", "--as", "consumer", "--data", data.toString(), "--broker", url);
      assertEquals(0, rotate.exitCode(), rotate::toString);
      Identity after = market.dir().identity("consumer");
      assertEquals(before.id(), after.id());
      assertNotEquals(before.certificatePem(), after.certificatePem());

      Cli again = Cli.run("balance", "--data", data.toString(), "--broker", url);
      assertEquals(0, again.exitCode(), again::toString);
      assertEquals(balance.out(), again.out(), "the same account, the same balance");

      String kept;
      try (Stream<Path> dirs = Files.list(data.resolve("identities"))) {
        kept =
            dirs.map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith("consumer.rotated-"))
                .findFirst()
                .orElseThrow();
      }
      Cli byOldKey = Cli.run("balance", "--as", kept, "--data", data.toString(), "--broker", url);
      assertNotEquals(0, byOldKey.exitCode(), byOldKey::toString);
      assertTrue(byOldKey.stderr().contains("FORBIDDEN"), byOldKey::toString);

      // Rotating again needs the current key: the kept (old) one can no longer sign a rotation.
      Cli stale =
          Cli.run("identity", "rotate", "--as", kept, "--data", data.toString(), "--broker", url);
      assertNotEquals(0, stale.exitCode(), stale::toString);
    }
  }
}
