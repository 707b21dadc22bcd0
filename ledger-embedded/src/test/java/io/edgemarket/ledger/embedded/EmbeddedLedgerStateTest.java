package io.edgemarket.ledger.embedded;

import static io.edgemarket.ledger.embedded.LedgerFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fabric's stub semantics, seen through the gateway and Fabric's own contract routing. */
class EmbeddedLedgerStateTest {
  @TempDir Path dir;
  LedgerFixture fx;

  @BeforeEach
  void open() throws IOException {
    fx = new LedgerFixture(dir);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void putThenGetRoundTripsAndEachSubmitIsABlock() throws Exception {
    assertEquals(1, fx.ledger.height(), "a new ledger holds its genesis block");
    fx.submit("Put", "greeting", "héllo, 世界");
    assertEquals("héllo, 世界", fx.evaluate("Get", "greeting"));
    assertEquals("", fx.evaluate("Get", "missing"), "a missing key reads as empty, as in Fabric");
    assertEquals(2, fx.ledger.height());
  }

  @Test
  void evaluateRunsTheTransactionButWritesNothing() throws Exception {
    fx.evaluate("Put", "k", "v");
    assertEquals("", fx.evaluate("Get", "k"));
    assertEquals(1, fx.ledger.height());
  }

  @Test
  void readsDoNotSeeTheTransactionsOwnWrites() throws Exception {
    assertEquals("", fx.submit("PutThenGet", "k", "first"));
    assertEquals("first", fx.submit("PutThenGet", "k", "second"));
    assertEquals("second", fx.evaluate("Get", "k"));
  }

  @Test
  void compositeKeysAreListedByPrefixAndKeptOutOfSimpleRanges() throws Exception {
    fx.submit("Put", "a", "1");
    fx.submit("PutComposite", "offer", "p1", "x", "10");
    fx.submit("PutComposite", "offer", "p1", "y", "11");
    fx.submit("PutComposite", "offer", "p2", "x", "20");
    fx.submit("PutComposite", "offerz", "p1", "x", "30");
    fx.submit("Put", "b", "2");
    assertEquals("p1/x=10,p1/y=11", fx.evaluate("ListComposite", "offer", "p1"));
    assertEquals("a,b", fx.evaluate("Range", "", ""));
  }

  @Test
  void pagesFollowBookmarksToTheEnd() throws Exception {
    for (String id : List.of("e", "a", "d", "b", "c")) {
      fx.submit("PutComposite", "offer", "p", id, id.toUpperCase());
    }
    fx.submit("PutComposite", "other", "p", "z", "Z");
    List<String> values = new ArrayList<>();
    String bookmark = "";
    List<Integer> counts = new ArrayList<>();
    do {
      JsonNode page = Json.tree(fx.evaluate("PageComposite", "offer", "2", bookmark));
      page.get("values").forEach(v -> values.add(v.asText()));
      counts.add(page.get("count").asInt());
      bookmark = page.get("bookmark").asText();
    } while (!bookmark.isEmpty());
    assertEquals(List.of("A", "B", "C", "D", "E"), values);
    assertEquals(List.of(2, 2, 1), counts);

    JsonNode simple = Json.tree(fx.evaluate("PageRange", "", "", "10", ""));
    assertEquals(0, simple.get("count").asInt(), "composite keys are not simple keys");
  }

  @Test
  void aTransactionThatPagesMayNotWrite() {
    LedgerException e = failure(() -> fx.submit("PageThenWrite", "k"));
    assertEquals(Phase.ENDORSE, e.phase());
    assertEquals(1, fx.ledger.height());
  }

  @Test
  void historyListsCommittedWritesNewestFirst() throws Exception {
    fx.submit("Put", "k", "v1");
    fx.submit("Put", "k", "v2");
    fx.submit("Delete", "k");
    fx.submit("Put", "other", "x");
    JsonNode history = Json.tree(fx.evaluate("History", "k"));
    assertEquals(3, history.size());
    assertTrue(history.get(0).get("deleted").asBoolean());
    assertEquals("", history.get(0).get("value").asText());
    assertEquals("v2", history.get(1).get("value").asText());
    assertEquals("v1", history.get(2).get("value").asText());
    assertTrue(history.get(2).get("txId").asText().matches("[0-9a-f]{64}"));
    assertEquals("", fx.evaluate("Get", "k"));
  }

  @Test
  void aChaincodeErrorCarriesItsCodeAndWritesNothing() throws Exception {
    LedgerException submitted = failure(() -> fx.submit("Fail", "k", "NOT_FOUND", "no offer 7"));
    assertEquals(Phase.ENDORSE, submitted.phase());
    assertEquals(ErrorCodes.NOT_FOUND, submitted.code());
    assertTrue(submitted.getMessage().contains("NOT_FOUND: no offer 7"), submitted.getMessage());
    assertTrue(submitted.transactionId().matches("[0-9a-f]{64}"));
    LedgerException evaluated = failure(() -> fx.evaluate("Fail", "k", "FORBIDDEN", "no"));
    assertEquals(Phase.EVALUATE, evaluated.phase());
    assertEquals(ErrorCodes.FORBIDDEN, evaluated.code());
    assertEquals("", fx.evaluate("Get", "k"));
    assertEquals(1, fx.ledger.height());
  }

  @Test
  void anUnknownTransactionIsTheRoutersError() {
    LedgerException e = failure(() -> fx.submit("NoSuchTransaction"));
    assertEquals(Phase.ENDORSE, e.phase());
    assertEquals(ErrorCodes.INTERNAL, e.code());
  }

  @Test
  void theRouterServesContractMetadataAsOnAPeer() throws Exception {
    JsonNode metadata = Json.tree(fx.gateway.evaluate("org.hyperledger.fabric:GetMetadata"));
    JsonNode kvtest = metadata.get("contracts").get("kvtest");
    assertEquals("SUBMIT", intent(kvtest, "Put"));
    assertEquals("EVALUATE", intent(kvtest, "Get"));
  }

  private static String intent(JsonNode contract, String transaction) {
    for (JsonNode tx : contract.get("transactions")) {
      if (tx.get("name").asText().equals(transaction)) {
        return tx.get("tags").get(0).asText();
      }
    }
    throw new AssertionError("no transaction " + transaction + " in " + contract);
  }

  @Test
  void theChaincodeSeesTheCreatorThroughFabricsClientIdentity() throws Exception {
    String[] who = fx.evaluate("Whoami").split(" ");
    assertEquals(List.of("EdgeMarketMSP", "consumer", "edgemarket"), List.of(who).subList(0, 3));
    assertTrue(who[3].matches("[0-9a-f]{64}"));
  }
}
