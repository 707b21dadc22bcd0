package io.edgemarket.ledger.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block log: state survives restarts, torn tails are cut, tampering is refused. */
class EmbeddedLedgerDurabilityTest {
  @TempDir Path dir;
  LedgerFixture fx;

  @BeforeEach
  void open() throws Exception {
    fx = new LedgerFixture(dir);
    fx.submit("Put", "a", "1");
    fx.submit("Put", "b", "2");
    fx.submit("Put", "a", "3");
    fx.submit("Delete", "b");
    fx.submit("PutComposite", "offer", "p1", "x", "10");
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void aRestartGivesBackStateHeightAndHistory() throws Exception {
    String before = snapshot();
    long height = fx.ledger.height();
    fx.reopen();
    assertEquals(height, fx.ledger.height());
    assertEquals(before, snapshot());
    fx.submit("Put", "c", "4");
    fx.reopen();
    assertEquals(height + 1, fx.ledger.height());
    assertEquals("4", fx.evaluate("Get", "c"));
  }

  @Test
  void aTornLastRecordIsCutOffAndTheLedgerCarriesOn() throws Exception {
    long height = fx.ledger.height();
    fx.close();
    Path log = dir.resolve(BlockLog.FILE);
    long size = Files.size(log);
    Files.write(
        log,
        "{\"block\":{\"number\":6,\"prev".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    fx.reopen();
    assertEquals(size, Files.size(log));
    assertEquals(height, fx.ledger.height());
    fx.submit("Put", "after", "crash");
    fx.reopen();
    assertEquals("crash", fx.evaluate("Get", "after"));
    assertEquals(height + 1, fx.ledger.verifyLog().height());
  }

  @Test
  void aBlockChangedInTheMiddleOfTheLogRefusesAFullReplayAndVerifyLog() throws Exception {
    fx.close();
    Path store = StatePersistence.directory(dir);
    Path aside = store.resolveSibling("aside");
    Files.move(store, aside); // no state store: the open replays the whole log
    Path log = dir.resolve(BlockLog.FILE);
    byte[] bytes = Files.readAllBytes(log);
    int middle = bytes.length / 2;
    long expectedBlock = 0;
    for (int i = 0; i < middle; i++) {
      expectedBlock += bytes[i] == '\n' ? 1 : 0;
    }
    bytes[middle] ^= 0x01;
    Files.write(log, bytes);
    CorruptLedgerException e =
        assertThrows(
            CorruptLedgerException.class, () -> EmbeddedLedger.open(dir, LedgerFixture.CA));
    assertEquals(expectedBlock, e.block());
    assertTrue(e.getMessage().contains("block " + expectedBlock), e.getMessage());
    try (java.util.stream.Stream<Path> rebuilt = Files.walk(store)) { // by the refused open
      for (Path path : rebuilt.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    Files.move(aside, store);
    // From the store, only its own last block and the tail are read at open; verifyLog reads all.
    fx.ledger = EmbeddedLedger.open(dir, LedgerFixture.CA);
    CorruptLedgerException again = assertThrows(CorruptLedgerException.class, fx.ledger::verifyLog);
    assertEquals(expectedBlock, again.block());
    fx.ledger.close();
    bytes[middle] ^= 0x01;
    Files.write(log, bytes);
    fx.reopen();
  }

  @Test
  void verifyLogChecksTheWholeFileOnDisk() throws Exception {
    LogSummary summary = fx.ledger.verifyLog();
    assertEquals(fx.ledger.height(), summary.height());
    assertEquals(5, summary.transactions());
    assertTrue(summary.lastHash().matches("[0-9a-f]{64}"));
    assertEquals("embedded-ledger@" + LedgerFixture.MSP, summary.signer());
    assertEquals(Files.size(dir.resolve(BlockLog.FILE)), summary.bytes());

    Path log = dir.resolve(BlockLog.FILE);
    String text = Files.readString(log);
    Files.writeString(log, text.replace("\"value\":\"Mw==\"", "\"value\":\"OQ==\""));
    CorruptLedgerException e = assertThrows(CorruptLedgerException.class, fx.ledger::verifyLog);
    assertTrue(e.getMessage().contains("does not match its hash"), e.getMessage());
  }

  @Test
  void theDirectoryCanBeOpenedByOneLedgerAtATime() {
    IOException e =
        assertThrows(IOException.class, () -> EmbeddedLedger.open(dir, LedgerFixture.CA));
    assertTrue(e.getMessage().contains("in use"), e.getMessage());
  }

  @Test
  void eventsReachListenersAfterCommitAndOnlyForCommittedTransactions() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    fx.ledger.addListener(
        event -> {
          try {
            String state = fx.evaluate("Get", "emitted"); // committed before delivery
            seen.add(event.name() + " " + event.payload() + " " + state + " " + event.block());
          } catch (Exception e) {
            seen.add("failed: " + e);
          }
        });
    LedgerFixture.failure(() -> fx.submit("Fail", "k", "BAD_REQUEST", "no"));
    fx.submit("Emit", "OfferPublished", "{\"offer\":7}");
    long block = fx.ledger.height() - 1;
    assertEquals(
        "OfferPublished {\"offer\":7} OfferPublished " + block, seen.poll(60, TimeUnit.SECONDS));
    fx.submit("Emit", "Second", "");
    assertEquals("Second  Second " + (block + 1), seen.poll(60, TimeUnit.SECONDS));
  }

  /** Everything a client can see, as one string. */
  private String snapshot() throws Exception {
    return String.join(
        "|",
        fx.evaluate("Range", "", ""),
        fx.evaluate("Get", "a"),
        fx.evaluate("Get", "b"),
        fx.evaluate("History", "a"),
        fx.evaluate("History", "b"),
        fx.evaluate("ListComposite", "offer", "p1"));
  }
}
