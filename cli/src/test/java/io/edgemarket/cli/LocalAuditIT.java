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
import java.nio.file.Path;
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
}
