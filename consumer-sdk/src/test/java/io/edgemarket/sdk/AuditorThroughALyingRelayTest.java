package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.ledger.ErrorCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, attack 8: the auditor pointed at a broker reads only what the ledger endorsed. A relay
 * that makes up a balance or a journal page (after the ledger signed the real one) stops the audit
 * with BAD_SIGNATURE instead of passing it.
 */
class AuditorThroughALyingRelayTest extends ClientFixture {
  @TempDir Path dir;

  @Test
  void anHonestRelayAuditsCleanAndTheCheckpointIsKept() throws Exception {
    Path kept = dir.resolve("ledger-checkpoint.json");
    AuditReport report = audit(kept);
    assertTrue(report.ok(), report.discrepancies()::toString);
    assertTrue(Files.exists(kept));
    assertTrue(audit(kept).ok());
  }

  @Test
  void aMadeUpBalanceListingStopsTheAudit() {
    broker.forgeAnswers =
        result ->
            result.contains("\"accountId\"")
                ? result.replaceAll("\"balance\":-?\\d+", "\"balance\":0")
                : result;
    AuditException e = assertThrows(AuditException.class, () -> audit(null));
    assertEquals(ErrorCodes.BAD_SIGNATURE, e.code());
    assertTrue(e.getMessage().contains("not the one the ledger endorsed"), e.getMessage());
  }

  @Test
  void aMadeUpJournalStopsTheAudit() {
    broker.forgeAnswers =
        result -> result.contains("\"postings\"") ? "{\"records\":[],\"bookmark\":\"\"}" : result;
    AuditException e = assertThrows(AuditException.class, () -> audit(null));
    assertEquals(ErrorCodes.BAD_SIGNATURE, e.code());
  }

  private AuditReport audit(Path checkpointFile) throws AuditException {
    Auditor.Builder builder =
        Auditor.builder()
            .broker(broker.uri())
            .identity(market.auditor)
            .trustRoot(market.ca.certificate());
    if (checkpointFile != null) {
      builder.checkpointFile(checkpointFile);
    }
    try (Auditor auditor = builder.build()) {
      return auditor.audit(line -> {});
    }
  }
}
