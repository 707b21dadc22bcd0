package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.Anchor;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.BatchSummary;
import io.edgemarket.model.ledger.Transactions;
import io.edgemarket.sdk.testing.TestMarket;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Anchors against the ledger's batch roots and what the chain holds; the first mismatch wins. */
class AnchorAuditTest {
  private static final String ROOT_A = "aa".repeat(32);
  private static final String ROOT_B = "bb".repeat(32);

  private final TestMarket market = new TestMarket();
  private final List<BatchSummary> batches = List.of(batch("b1", ROOT_A), batch("b2", ROOT_B));
  private final List<Anchor> anchors =
      List.of(
          anchor(1, "b1", ROOT_A, "0x01"), anchor(2, "b2", "0x" + ROOT_B.toUpperCase(), "0x02"));

  @Test
  void everyAnchorMatchesWhenTheChainHoldsTheBatchRoots() throws Exception {
    AnchorReport report =
        audit(a -> Optional.of(a.sequence() == 1 ? "0x" + ROOT_A : ROOT_B.toUpperCase()));
    assertTrue(report.ok());
    assertEquals(2, report.anchors());
    assertEquals(2, report.matched());
  }

  @Test
  void aDifferentRootOnChainIsTheFirstMismatch() throws Exception {
    AnchorReport report = audit(a -> Optional.of(a.sequence() == 1 ? ROOT_A : "cc".repeat(32)));
    assertEquals(1, report.matched());
    assertEquals(2, report.mismatch().sequence());
    assertEquals("b2", report.mismatch().batchId());
    assertEquals("cc".repeat(32), report.mismatch().chainRoot());
    assertTrue(report.mismatch().message().contains("the chain anchored"), report::toString);
  }

  @Test
  void anAnchorTheChainDoesNotHoldIsAMismatch() throws Exception {
    AnchorReport report = audit(a -> Optional.empty());
    assertEquals(0, report.matched());
    assertEquals(1, report.mismatch().sequence());
    assertNull(report.mismatch().chainRoot());
  }

  @Test
  void aChainThatCannotBeReadStopsTheCheck() {
    AuditException e =
        assertThrows(
            AuditException.class,
            () ->
                audit(
                    a -> {
                      throw new IOException("connection refused");
                    }));
    assertTrue(e.getMessage().contains("connection refused"), e::getMessage);
  }

  private AnchorReport audit(AnchoredRoots chain) throws AuditException {
    return new AnchorAudit(new Listings(market.auditor), 100).audit(chain, line -> {});
  }

  private static BatchSummary batch(String id, String root) {
    return new BatchSummary(id, "broker", root, 1, 1, 0, 10, 1, 0, "tx-" + id);
  }

  private static Anchor anchor(long sequence, String batchId, String root, String tx) {
    return new Anchor(sequence, batchId, root, tx, 0, 0, "tx" + sequence, "bridge");
  }

  /** The two listings the check reads, each one page. */
  private final class Listings implements LedgerGateway {
    private final Identity identity;

    Listings(Identity identity) {
      this.identity = identity;
    }

    @Override
    public Identity identity() {
      return identity;
    }

    @Override
    public String submit(String transaction, String... args) {
      throw new UnsupportedOperationException(transaction);
    }

    @Override
    public String evaluate(String transaction, String... args) {
      Object records =
          switch (transaction) {
            case Transactions.LIST_BATCHES -> batches;
            case Transactions.LIST_ANCHORS -> anchors;
            default -> throw new IllegalArgumentException(transaction);
          };
      return Json.write(Map.of("records", records, "bookmark", ""));
    }

    @Override
    public void close() {}
  }
}
