package io.edgemarket.ledger.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.ledger.embedded.Mvcc.KeyVersion;
import io.edgemarket.ledger.embedded.Mvcc.RangeRead;
import io.edgemarket.ledger.embedded.Mvcc.Version;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Validation inside one block, and the key order it relies on. */
class BlockValidatorTest {
  private final WorldState world = new WorldState();
  private int txs;

  BlockValidatorTest() {
    world.apply(block(0, List.of()));
    world.apply(block(1, List.of(new LogRecords.Write("item/1", "eA==", false), write("counter"))));
  }

  @Test
  void aLaterTransactionOfTheBlockThatReadAKeyAnEarlierOneWroteIsInvalid() {
    BlockValidator validator = new BlockValidator(world, 2);
    assertNull(validator.check(increment()));
    LedgerException second = validator.check(increment());
    assertEquals(ErrorCodes.MVCC_READ_CONFLICT, second.code());
    assertEquals(LedgerException.Phase.COMMIT, second.phase());
    assertTrue(second.getMessage().contains("1:0"), second.getMessage());
  }

  @Test
  void anInsertIntoAScannedRangeEarlierInTheBlockIsAPhantom() {
    BlockValidator validator = new BlockValidator(world, 2);
    assertNull(validator.check(tx(new ReadWriteSet(), "item/2")));
    LedgerException phantom = validator.check(tx(scanItems(true), "count"));
    assertEquals(ErrorCodes.MVCC_READ_CONFLICT, phantom.code());
  }

  @Test
  void deletingAnAbsentKeyInsideARangeChangesNothingInIt() {
    BlockValidator validator = new BlockValidator(world, 2);
    ReadWriteSet deleteAbsent = new ReadWriteSet();
    deleteAbsent.recordWrite("item/0", null);
    assertNull(validator.check(tx(deleteAbsent)));
    assertNull(validator.check(tx(scanItems(true), "count")));
  }

  @Test
  void aScanThatStoppedEarlyIsCheckedOnlyUpToItsLastKey() {
    BlockValidator validator = new BlockValidator(world, 2);
    assertNull(validator.check(tx(new ReadWriteSet(), "item/2")));
    assertNull(validator.check(tx(scanItems(false), "count")));
  }

  @Test
  void aTransactionIdIsAcceptedOnce() {
    BlockValidator validator = new BlockValidator(world, 2);
    Simulation tx = tx(new ReadWriteSet(), "x");
    assertNull(validator.check(tx));
    assertEquals(ErrorCodes.DUPLICATE, validator.check(tx).code());
  }

  @Test
  void keysSortByCodePointLikeFabricsUtf8Keys() {
    List<String> keys = new ArrayList<>(List.of("\uffff", "\ud83d\ude00", "a", "\u0000x"));
    keys.sort(KeyOrder.CODE_POINTS);
    assertEquals(List.of("\u0000x", "a", "\uffff", "\ud83d\ude00"), keys);
    assertTrue(KeyOrder.compare("p\uffff", "p" + "\udbff\udfff") < 0);
  }

  private ReadWriteSet scanItems(boolean exhausted) {
    ReadWriteSet rw = new ReadWriteSet();
    rw.recordRange(
        new RangeRead(
            "item/", "item/~", exhausted, List.of(new KeyVersion("item/1", new Version(1, 0)))));
    return rw;
  }

  private Simulation increment() {
    ReadWriteSet rw = new ReadWriteSet();
    rw.recordRead("counter", world.get("counter"));
    return tx(rw, "counter");
  }

  private Simulation tx(ReadWriteSet rw, String... writes) {
    for (String key : writes) {
      rw.recordWrite(key, new byte[] {1});
    }
    return new Simulation(
        "tx" + txs++, 0, "alice@" + LedgerFixture.MSP, "t", List.of(), rw, null, "", null);
  }

  private static LogRecords.Write write(String key) {
    return new LogRecords.Write(key, "MA==", false);
  }

  private static LogRecords.Sealed block(long number, List<LogRecords.Write> writes) {
    List<LogRecords.Tx> txs =
        writes.isEmpty()
            ? List.of()
            : List.of(new LogRecords.Tx("seed" + number, 0, "x", "t", List.of(), writes, null));
    return new LogRecords.Sealed(
        new LogRecords.Block(number, LogCodec.NO_PREVIOUS, 0, null, txs, List.of()), "00", "");
  }
}
