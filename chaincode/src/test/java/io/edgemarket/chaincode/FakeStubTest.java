package io.edgemarket.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.junit.jupiter.api.Test;

/** Keeps the test double honest about the Fabric behaviour the contracts rely on. */
class FakeStubTest {
  private final Identity someone =
      CertificateAuthority.create("EdgeMarketMSP").enroll("someone", Role.CONSUMER);
  private final FakeLedger ledger = new FakeLedger();

  @Test
  void compositeKeysAreEncodedAsFabricEncodesThem() {
    FakeStub stub = ledger.begin(someone);
    assertEquals(
        "\u0000OFFER\u0000a\u0000b\u0000", stub.createCompositeKey("OFFER", "a", "b").toString());
    assertEquals(
        List.of("a", "b"),
        stub.splitCompositeKey("\u0000OFFER\u0000a\u0000b\u0000").getAttributes());
  }

  @Test
  void theCreatorParsesAsAFabricClientIdentity() {
    Context ctx = new Context(ledger.begin(someone));
    assertEquals("EdgeMarketMSP", ctx.getClientIdentity().getMSPID());
    assertEquals("consumer", ctx.getClientIdentity().getAttributeValue("edgemarket.role"));
  }

  @Test
  void readsSeeCommittedStateOnly() {
    FakeStub tx = ledger.begin(someone);
    tx.putState("k", "v1".getBytes(UTF_8));
    assertNull(tx.getState("k"), "no read-your-writes inside a transaction");
    ledger.commit(tx);
    assertArrayEquals("v1".getBytes(UTF_8), ledger.begin(someone).getState("k"));
  }

  @Test
  void anEmptyValueIsADelete() {
    FakeStub tx = ledger.begin(someone);
    tx.putState("k", "v".getBytes(UTF_8));
    ledger.commit(tx);
    FakeStub again = ledger.begin(someone);
    again.putState("k", new byte[0]);
    ledger.commit(again);
    assertNull(ledger.begin(someone).getState("k"));
  }

  @Test
  void pagesFollowBookmarksToTheEnd() {
    FakeStub tx = ledger.begin(someone);
    for (int i = 0; i < 5; i++) {
      tx.putState(tx.createCompositeKey("T", "k" + i).toString(), ("v" + i).getBytes(UTF_8));
    }
    tx.putState(tx.createCompositeKey("U", "other").toString(), "x".getBytes(UTF_8));
    ledger.commit(tx);
    List<String> seen = new ArrayList<>();
    String bookmark = "";
    do {
      FakeStub read = ledger.begin(someone);
      try (QueryResultsIteratorWithMetadata<KeyValue> page =
          read.getStateByPartialCompositeKeyWithPagination(new CompositeKey("T"), 2, bookmark)) {
        page.forEach(kv -> seen.add(kv.getStringValue()));
        bookmark = page.getMetadata().getBookmark();
      }
    } while (!bookmark.isEmpty());
    assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), seen);
  }

  @Test
  void rangeScansRefuseCompositeKeysAsTheShimDoes() {
    FakeStub tx = ledger.begin(someone);
    assertThrows(RuntimeException.class, () -> tx.getStateByRange("\u0000T\u0000", ""));
  }

  @Test
  void aWritingTransactionMayNotUsePagination() {
    FakeStub tx = ledger.begin(someone);
    tx.getStateByRangeWithPagination("a", "z", 10, "").close();
    tx.putState("k", "v".getBytes(UTF_8));
    assertThrows(IllegalStateException.class, () -> ledger.commit(tx));
  }

  @Test
  void historyIsNewestFirstWithDeletes() {
    for (String value : new String[] {"one", "two", ""}) {
      FakeStub tx = ledger.begin(someone);
      tx.putState("k", value.getBytes(UTF_8));
      ledger.commit(tx);
    }
    List<KeyModification> history = new ArrayList<>();
    ledger.begin(someone).getHistoryForKey("k").forEach(history::add);
    assertEquals(3, history.size());
    assertTrue(history.get(0).isDeleted());
    assertEquals("two", history.get(1).getStringValue());
    assertEquals("one", history.get(2).getStringValue());
  }
}
