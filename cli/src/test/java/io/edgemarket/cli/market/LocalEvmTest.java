package io.edgemarket.cli.market;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.Anchor;
import io.edgemarket.model.ledger.BridgeRecords.BridgeState;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Records.Page;
import io.edgemarket.model.ledger.Transactions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newly deployed escrow is refused a ledger that served the chain id before (anvil's state lost,
 * or another market's bridge on a shared Fabric channel), and accepted by one that never did.
 */
class LocalEvmTest {
  @TempDir Path dir;

  @Test
  void aLedgerThatNeverServedTheChainTakesTheNewEscrow() {
    LedgerGateway empty = new Answers(Map.of(Transactions.LIST_ANCHORS, page(List.of())));
    assertDoesNotThrow(() -> LocalEvm.refuseAnotherChainsLedger(empty, 31337, new MarketDir(dir)));
  }

  @Test
  void aLedgerServingTheChainAlreadyIsRefusedWithItsCursor() {
    BridgeState state = new BridgeState(31337, "bridge:31337", 42, 1, 0, 0, 0, 0, 0);
    LedgerGateway served = new Answers(Map.of(Transactions.GET_BRIDGE_STATE, Json.write(state)));
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> LocalEvm.refuseAnotherChainsLedger(served, 31337, new MarketDir(dir)));
    assertTrue(refused.getMessage().contains("serves chain 31337 already"), refused::getMessage);
    assertTrue(refused.getMessage().contains("block 42"), refused::getMessage);
    assertTrue(refused.getMessage().contains("network.sh clean"), refused::getMessage);
  }

  @Test
  void aLedgerHoldingAnotherEscrowsAnchorsIsRefused() {
    Anchor anchor = new Anchor(1, "b", "00".repeat(32), "0x" + "11".repeat(32), 1, 2, "t", "x");
    LedgerGateway anchored = new Answers(Map.of(Transactions.LIST_ANCHORS, page(List.of(anchor))));
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> LocalEvm.refuseAnotherChainsLedger(anchored, 31337, new MarketDir(dir)));
    assertTrue(refused.getMessage().contains("anchored on another escrow"), refused::getMessage);
  }

  @Test
  void anyOtherLedgerFailureIsReportedAsItIs() {
    LedgerGateway down =
        new Answers(Map.of()) {
          @Override
          public String evaluate(String transaction, String... args) throws LedgerException {
            throw new LedgerException(
                LedgerException.Phase.EVALUATE, ErrorCodes.UNAVAILABLE, null, "peer down");
          }
        };
    LedgerException e =
        assertThrows(
            LedgerException.class,
            () -> LocalEvm.refuseAnotherChainsLedger(down, 31337, new MarketDir(dir)));
    assertEquals(ErrorCodes.UNAVAILABLE, e.code());
  }

  private static String page(List<Anchor> anchors) {
    return Json.write(new Page<>(anchors, ""));
  }

  /** A ledger that answers some evaluations and has nothing (NOT_FOUND) for the rest. */
  private static class Answers implements LedgerGateway {
    private final Map<String, String> answers;

    Answers(Map<String, String> answers) {
      this.answers = answers;
    }

    @Override
    public Identity identity() {
      return null;
    }

    @Override
    public String submit(String transaction, String... args) {
      throw new UnsupportedOperationException(transaction);
    }

    @Override
    public String evaluate(String transaction, String... args) throws LedgerException {
      String answer = answers.get(transaction);
      if (answer == null) {
        throw new LedgerException(
            LedgerException.Phase.EVALUATE, ErrorCodes.NOT_FOUND, null, "nothing");
      }
      return answer;
    }

    @Override
    public void close() {}
  }
}
