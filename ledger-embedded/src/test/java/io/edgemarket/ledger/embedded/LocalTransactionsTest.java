package io.edgemarket.ledger.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.ledger.embedded.LocalTransaction.ScannedRange;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.junit.jupiter.api.Test;

/** The entry point for tests and tools: the real stub, committed with the real MVCC checks. */
class LocalTransactionsTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final Identity someone = LedgerFixture.CA.enroll("someone", Role.CONSUMER);
  private final LocalTransactions ledger = new LocalTransactions();
  private int clock;

  private LocalTransaction begin() {
    return ledger.begin(someone, T0.plusSeconds(++clock));
  }

  private void put(String key, String value) throws LedgerException {
    LocalTransaction tx = begin();
    tx.stub().putStringState(key, value);
    tx.commit();
  }

  @Test
  void theStubCarriesTheCallerAndTheGivenTimestamp() {
    LocalTransaction tx = ledger.begin(someone, T0);
    Context ctx = new Context(tx.stub());
    assertEquals(LedgerFixture.MSP, ctx.getClientIdentity().getMSPID());
    assertEquals("consumer", ctx.getClientIdentity().getAttributeValue("edgemarket.role"));
    assertEquals(T0, tx.stub().getTxTimestamp());
    assertNotEquals(tx.stub().getTxId(), begin().stub().getTxId());
    assertEquals(
        "\u0000OFFER\u0000a\u0000b\u0000",
        tx.stub().createCompositeKey("OFFER", "a", "b").toString());
  }

  @Test
  void readsSeeCommittedStateOnlyAndAnEmptyValueIsADelete() throws LedgerException {
    LocalTransaction tx = begin();
    tx.stub().putStringState("k", "v1");
    assertEquals("", tx.stub().getStringState("k"), "no read-your-writes");
    tx.commit();
    assertArrayEquals("v1".getBytes(UTF_8), begin().stub().getState("k"));
    put("k", "");
    assertEquals(0, begin().stub().getState("k").length);
  }

  @Test
  void theFootprintIsWhatTheStubReadWroteAndScanned() {
    LocalTransaction tx = begin();
    ChaincodeStub stub = tx.stub();
    stub.getState("read");
    stub.putStringState("written", "x");
    stub.delState("deleted");
    stub.getStateByPartialCompositeKey(new CompositeKey("T")).close();
    assertEquals(Set.of("read"), tx.keysRead());
    assertEquals(List.of("deleted", "written"), List.copyOf(tx.writes().keySet()));
    assertEquals(null, tx.writes().get("deleted"));
    assertEquals(
        List.of(new ScannedRange("\u0000T\u0000", "\u0000T\u0000\udbff\udfff")),
        tx.scannedRanges());
  }

  @Test
  void aTransactionWhoseReadChangedDoesNotCommit() throws LedgerException {
    put("k", "v1");
    LocalTransaction stale = begin();
    stale.stub().getState("k");
    stale.stub().putStringState("other", "x");
    put("k", "v2");
    LedgerException e = assertThrows(LedgerException.class, stale::commit);
    assertEquals(ErrorCodes.MVCC_READ_CONFLICT, e.code());
    assertEquals(0, begin().stub().getState("other").length, "nothing of it was applied");
  }

  @Test
  void aPhantomInAScannedRangeDoesNotCommit() throws LedgerException {
    LocalTransaction scan = begin();
    scan.stub().getStateByRange("a", "c").forEach(kv -> {});
    scan.stub().putStringState("count", "0");
    put("b", "new");
    assertEquals(
        ErrorCodes.MVCC_READ_CONFLICT, assertThrows(LedgerException.class, scan::commit).code());
  }

  @Test
  void aTransactionCommitsOnce() throws LedgerException {
    LocalTransaction tx = begin();
    tx.stub().putStringState("k", "v");
    tx.commit();
    assertEquals(ErrorCodes.DUPLICATE, assertThrows(LedgerException.class, tx::commit).code());
    assertThrows(IllegalStateException.class, () -> tx.stub().getState("k"));
  }

  @Test
  void aWritingTransactionMayNotUsePagination() {
    LocalTransaction paged = begin();
    paged.stub().getStateByRangeWithPagination("a", "z", 10, "").close();
    assertThrows(IllegalStateException.class, () -> paged.stub().putStringState("k", "v"));
    LocalTransaction writing = begin();
    writing.stub().putStringState("k", "v");
    assertThrows(
        IllegalStateException.class,
        () -> writing.stub().getStateByRangeWithPagination("a", "z", 10, ""));
  }

  @Test
  void pagesFollowBookmarksToTheEnd() throws LedgerException {
    LocalTransaction tx = begin();
    for (int i = 0; i < 5; i++) {
      tx.stub().putStringState(new CompositeKey("T", "k" + i).toString(), "v" + i);
    }
    tx.stub().putStringState(new CompositeKey("U", "other").toString(), "x");
    tx.commit();
    List<String> seen = new ArrayList<>();
    String bookmark = "";
    do {
      try (QueryResultsIteratorWithMetadata<KeyValue> page =
          begin()
              .stub()
              .getStateByPartialCompositeKeyWithPagination(new CompositeKey("T"), 2, bookmark)) {
        page.forEach(kv -> seen.add(kv.getStringValue()));
        bookmark = page.getMetadata().getBookmark();
      }
    } while (!bookmark.isEmpty());
    assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), seen);
  }

  @Test
  void historyIsNewestFirstWithDeletesAndTheirTimestamps() throws Exception {
    put("k", "one");
    put("k", "two");
    LocalTransaction delete = begin();
    delete.stub().delState("k");
    delete.commit();
    List<KeyModification> history = new ArrayList<>();
    begin().stub().getHistoryForKey("k").forEach(history::add);
    assertEquals(3, history.size());
    assertTrue(history.get(0).isDeleted());
    assertEquals(delete.stub().getTxTimestamp(), history.get(0).getTimestamp());
    assertEquals("two", history.get(1).getStringValue());
    assertFalse(history.get(2).isDeleted());
    assertEquals("one", history.get(2).getStringValue());
  }
}
