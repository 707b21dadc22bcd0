package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgemarket.model.InvocationTicket;
import io.edgemarket.model.Receipt;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.CheckpointSource;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.sdk.Discrepancy.Kind;
import io.edgemarket.sdk.testing.FakeLedger;
import io.edgemarket.sdk.testing.TestMarket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, attacks 7 and 8 as the auditor sees them: journal entries checked against who submitted
 * them, and a ledger that no longer holds the block the auditor kept from its last audit.
 */
class AuditorAuthorityAndCheckpointTest {
  final TestMarket market = new TestMarket();
  final FakeLedger ledger = new FakeLedger();
  final Identity ledgerSigner = market.ca.enroll("embedded-ledger", Role.ORDERER);
  final List<String> chain = new ArrayList<>();
  @TempDir Path dir;
  Identity signer = ledgerSigner;

  @BeforeEach
  void market() throws Exception {
    ledger.register(market.admin, market.broker, market.auditor, market.consumer, market.provider);
    ledger.books.credit(market.consumer.id(), 1_000_000);
    byte[] input = "i".getBytes(StandardCharsets.UTF_8);
    InvocationTicket ticket =
        market.ticket("inv-1", market.consumer.id() + "/echo", "ab".repeat(32), input, 100_000);
    Receipt receipt = market.receipt(ticket, input, Receipt.OK, 1_000_000_000L);
    ledger.books.settle("batch-1", market.broker.id(), List.of(receipt));
    grow(5);
  }

  @Test
  void journalEntriesByTheRightParticipantsPass() throws Exception {
    by(0, market.admin.id());
    by(1, market.broker.id());
    AuditReport report = audit(null);
    assertTrue(report.ok(), report.discrepancies()::toString);
  }

  @Test
  void aCreditNotByAnAdminIsReported() throws Exception {
    by(0, market.consumer.id());
    assertEquals(Set.of(Kind.UNAUTHORISED_ENTRY), kinds(audit(null)));
    assertTrue(audit(null).discrepancies().get(0).message().contains("not an admin"));
  }

  @Test
  void aSettlementNotByItsBatchesBrokerIsReported() throws Exception {
    by(1, market.provider.id());
    AuditReport report = audit(null);
    assertEquals(Set.of(Kind.UNAUTHORISED_ENTRY), kinds(report));
    assertTrue(report.discrepancies().get(0).message().contains("not its broker"));
  }

  @Test
  void aTransferNotByThePayingAccountIsReported() throws Exception {
    ObjectNode transfer = ledger.books.journal.get(0).deepCopy();
    transfer.put("txId", "tx-transfer").put("kind", "transfer").put("by", market.provider.id());
    ((ObjectNode) transfer.get("postings").get(0))
        .put("from", market.consumer.id())
        .put("to", market.provider.id());
    ledger.books.journal.add(transfer);
    assertTrue(kinds(audit(null)).contains(Kind.UNAUTHORISED_ENTRY));
  }

  @Test
  void theKeptCheckpointFollowsALongerChainAndCatchesACutOne() throws Exception {
    Path kept = dir.resolve("auditor/ledger-checkpoint.json");
    assertTrue(audit(kept).ok());
    assertEquals(5, Json.read(Files.readString(kept), Checkpoint.class).height());
    grow(3);
    assertTrue(audit(kept).ok());
    assertEquals(8, Json.read(Files.readString(kept), Checkpoint.class).height());

    chain.subList(6, 8).clear(); // the last two blocks cut off
    AuditReport cut = audit(kept);
    assertEquals(Set.of(Kind.LEDGER_CHECKPOINT), kinds(cut));
    assertTrue(
        cut.discrepancies().get(0).message().contains("holds 6 blocks but held 8"),
        cut.discrepancies()::toString);
    assertEquals(8, Json.read(Files.readString(kept), Checkpoint.class).height(), "still kept");

    grow(2); // as long again, but not the same blocks
    AuditReport rewritten = audit(kept);
    assertEquals(Set.of(Kind.LEDGER_CHECKPOINT), kinds(rewritten));
    assertTrue(rewritten.discrepancies().get(0).message().contains("rewritten"));
  }

  @Test
  void aCheckpointByAnotherLedgerCertificateStopsTheAudit() throws Exception {
    Path kept = dir.resolve("ledger-checkpoint.json");
    assertTrue(audit(kept).ok());
    signer = market.ca.enroll("embedded-ledger", Role.ORDERER); // same CA, another key
    AuditException e = assertThrows(AuditException.class, () -> audit(kept));
    assertEquals(ErrorCodes.BAD_SIGNATURE, e.code());
    assertTrue(e.getMessage().contains("pinned"), e.getMessage());
    assertFalse(Files.readString(kept).contains(signer.certificatePem().substring(40, 90)));
  }

  private void grow(int blocks) {
    for (int i = 0; i < blocks; i++) {
      chain.add(Crypto.randomHex(32));
    }
  }

  private void by(int entry, String participant) {
    ledger.books.journal.get(entry).put("by", participant);
  }

  private AuditReport audit(Path checkpointFile) throws AuditException {
    Auditor.Builder builder =
        Auditor.builder().ledger(new Checkpointed()).trustRoot(market.ca.certificate());
    if (checkpointFile != null) {
      builder.checkpointFile(checkpointFile);
    }
    try (Auditor auditor = builder.build()) {
      return auditor.audit(line -> {});
    }
  }

  private static Set<Kind> kinds(AuditReport report) {
    return report.discrepancies().stream().map(Discrepancy::kind).collect(Collectors.toSet());
  }

  /** The fake ledger, handing out checkpoints of {@link #chain} signed by {@link #signer}. */
  private final class Checkpointed implements LedgerGateway, CheckpointSource {
    private final LedgerGateway inner = ledger.as(market.auditor);

    @Override
    public Identity identity() {
      return inner.identity();
    }

    @Override
    public String submit(String transaction, String... args) throws LedgerException {
      return inner.submit(transaction, args);
    }

    @Override
    public String evaluate(String transaction, String... args) throws LedgerException {
      return inner.evaluate(transaction, args);
    }

    @Override
    public Checkpoint latestCheckpoint() {
      return at(chain.size());
    }

    @Override
    public Checkpoint checkpointAt(long height) throws LedgerException {
      if (height > chain.size()) {
        throw new LedgerException(
            LedgerException.Phase.EVALUATE, ErrorCodes.NOT_FOUND, null, "too short");
      }
      return at(height);
    }

    private Checkpoint at(long height) {
      return Checkpoint.sign(
          signer, chain.get(0), height, chain.get((int) height - 1), System.currentTimeMillis());
    }

    @Override
    public void close() {}
  }
}
