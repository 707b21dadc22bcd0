package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.cli.market.MarketDir;
import io.edgemarket.ledger.embedded.EmbeddedGateway;
import io.edgemarket.ledger.embedded.EmbeddedLedger;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Transactions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped market is audited from its own embedded ledger, as scripts/smoke.sh does after the
 * demo: no broker answers, so the audit opens DIR/broker/ledger read-only.
 */
class LocalAuditIT {
  @TempDir Path tmp;

  @Test
  void auditsTheLedgerOfAStoppedMarket() throws Exception {
    MarketDir dir = new MarketDir(tmp.resolve("market"));
    CertificateAuthority ca = dir.authority();
    Identity auditor = dir.ensureIdentity(ca, "auditor", Role.AUDITOR);
    Identity admin = dir.ensureIdentity(ca, "admin", Role.ADMIN);
    Identity consumer = dir.ensureIdentity(ca, "consumer", Role.CONSUMER);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(LocalLedger.directory(dir), ca)) {
      for (Identity participant : new Identity[] {auditor, admin, consumer}) {
        new EmbeddedGateway(ledger, participant).submit(Transactions.REGISTER_PARTICIPANT);
      }
      new EmbeddedGateway(ledger, admin)
          .submit(Transactions.CREDIT_ESCROW, consumer.id(), "5000", "test escrow");
    }
    Cli cli =
        Cli.run(
            "audit", "--json", "--data", dir.root().toString(), "--broker", "http://127.0.0.1:1");
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.stderr().contains("auditing the ledger in"), cli::toString);
    var report = Json.tree(cli.out());
    assertTrue(report.get("ok").asBoolean(), cli::toString);
    assertEquals(4, report.get("accounts").asInt(), cli::toString); // issuer + three participants
    assertEquals(1, report.get("journalEntries").asInt(), cli::toString);
  }

  @Test
  void aLedgerCutShortSinceTheLastAuditIsCaught() throws Exception {
    MarketDir dir = new MarketDir(tmp.resolve("cut"));
    CertificateAuthority ca = dir.authority();
    Identity auditor = dir.ensureIdentity(ca, "auditor", Role.AUDITOR);
    Identity admin = dir.ensureIdentity(ca, "admin", Role.ADMIN);
    Path ledgerDir = LocalLedger.directory(dir);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(ledgerDir, ca)) {
      for (Identity participant : new Identity[] {auditor, admin}) {
        new EmbeddedGateway(ledger, participant).submit(Transactions.REGISTER_PARTICIPANT);
      }
    }
    String[] audit = {
      "audit", "--json", "--data", dir.root().toString(), "--broker", "http://127.0.0.1:1"
    };
    Cli first = Cli.run(audit);
    assertEquals(0, first.exitCode(), first::toString);
    Path kept = dir.identityDir("auditor").resolve(AuditCommand.CHECKPOINT_FILE);
    assertEquals(3, Json.tree(Files.readString(kept)).get("height").asInt(), first::toString);

    Path log = ledgerDir.resolve("blocks.jsonl");
    byte[] bytes = Files.readAllBytes(log);
    Files.write(log, Arrays.copyOf(bytes, bytes.length - 1)); // the final newline
    Cli refused = Cli.run(audit);
    assertEquals(2, refused.exitCode(), refused::toString);
    assertTrue(refused.stderr().contains("were cut off its end"), refused::toString);

    try (Stream<Path> own = Files.list(ledgerDir.resolve("signer"))) {
      for (Path file : own.filter(f -> f.toString().endsWith(".json")).toList()) {
        Files.delete(file); // whoever cut the log removed the ledger's own checkpoint too
      }
    }
    Cli caught = Cli.run(audit);
    assertEquals(1, caught.exitCode(), caught::toString);
    assertTrue(caught.out().contains("LEDGER_CHECKPOINT"), caught::toString);
    assertTrue(caught.out().contains("holds 2 blocks but held 3"), caught::toString);
  }
}
