package io.edgemarket.ledger.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.Checkpoint;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, attack 7: cutting the end of the log. The ledger signs checkpoints; a log that no longer
 * reaches one (cut by whole blocks, or by its final newline, which makes the last block look like a
 * torn write) is refused on open against the ledger's own and by {@link EmbeddedLedger#verifyChain}
 * against one a client kept, naming both heights.
 */
class CheckpointTest {
  @TempDir Path dir;
  LedgerFixture fx;
  Checkpoint kept;

  @BeforeEach
  void open() throws Exception {
    fx = new LedgerFixture(dir);
    for (int i = 0; i < 5; i++) {
      fx.submit("Put", "k" + i, "v" + i);
    }
    kept = fx.ledger.checkpoint();
    assertEquals(fx.ledger.height(), kept.height());
    new LedgerTrust(List.of(LedgerFixture.CA.certificate()), null).verify(kept);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void aLongerValidLogStillHoldsTheKeptCheckpoint() throws Exception {
    fx.submit("Put", "later", "x");
    LogSummary summary = fx.ledger.verifyChain(kept);
    assertEquals(kept.height() + 1, summary.height());
    fx.reopen();
    assertEquals(kept.height() + 1, fx.ledger.verifyChain(kept).height());
    assertEquals(kept.lastHash(), fx.ledger.checkpoint(kept.height()).lastHash());
  }

  @Test
  void cuttingWholeBlocksIsRefusedOnOpenAgainstTheLedgersOwnCheckpoint() throws Exception {
    fx.close();
    cutLastLines(2);
    CorruptLedgerException e = assertThrows(CorruptLedgerException.class, this::openAgain);
    assertTrue(
        e.getMessage().contains("the log ends at height " + (kept.height() - 2)), e.getMessage());
    assertTrue(e.getMessage().contains("held " + kept.height() + " blocks"), e.getMessage());
    assertEquals(kept.height() - 2, e.block());
  }

  @Test
  void cuttingTheFinalNewlineIsRefusedOnOpenRatherThanTakenForATornWrite() throws Exception {
    fx.close();
    Path log = dir.resolve(BlockLog.FILE);
    byte[] bytes = Files.readAllBytes(log);
    Files.write(log, Arrays.copyOf(bytes, bytes.length - 1));
    CorruptLedgerException e = assertThrows(CorruptLedgerException.class, this::openAgain);
    assertTrue(
        e.getMessage().contains("the log ends at height " + (kept.height() - 1)), e.getMessage());
    assertEquals(bytes.length - 1, Files.size(log), "the evidence is not cut off");
  }

  @Test
  void aCutIsCaughtAgainstAKeptCheckpointEvenWhenTheLedgersOwnWasRemoved() throws Exception {
    fx.close();
    cutLastLines(2);
    removeOwnCheckpoints();
    fx.reopen(); // nothing left beside the log can tell: it opens, warning loudly
    assertEquals(kept.height() - 2, fx.ledger.height());
    CorruptLedgerException e =
        assertThrows(CorruptLedgerException.class, () -> fx.ledger.verifyChain(kept));
    assertTrue(
        e.getMessage().contains("the log ends at height " + (kept.height() - 2)), e.getMessage());
    assertTrue(e.getMessage().contains("says the ledger held " + kept.height()), e.getMessage());
    LedgerException notThere = LedgerFixture.failure(() -> fx.ledger.checkpoint(kept.height()));
    assertEquals(ErrorCodes.NOT_FOUND, notThere.code());
  }

  @Test
  void aFinalNewlineCutIsCaughtAgainstAKeptCheckpoint() throws Exception {
    fx.close();
    Path log = dir.resolve(BlockLog.FILE);
    byte[] bytes = Files.readAllBytes(log);
    Files.write(log, Arrays.copyOf(bytes, bytes.length - 1));
    removeOwnCheckpoints();
    fx.reopen();
    CorruptLedgerException e =
        assertThrows(CorruptLedgerException.class, () -> fx.ledger.verifyChain(kept));
    assertTrue(
        e.getMessage().contains("blocks " + (kept.height() - 1) + " to " + (kept.height() - 1)),
        e.getMessage());
  }

  @Test
  void aCheckpointNotSignedByThisLedgerIsRefused() {
    Checkpoint inflated =
        new Checkpoint(
            kept.ledgerId(),
            kept.height() + 100,
            kept.lastHash(),
            kept.timestamp(),
            kept.signerPem(),
            kept.signature());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fx.ledger.verifyChain(inflated));
    assertTrue(e.getMessage().contains("not signed by this ledger"), e.getMessage());
  }

  @Test
  void anEmptiedLogBesideARecordedCheckpointIsNotStartedAfresh() throws Exception {
    fx.close();
    Files.write(dir.resolve(BlockLog.FILE), new byte[0]);
    CorruptLedgerException e = assertThrows(CorruptLedgerException.class, this::openAgain);
    assertTrue(e.getMessage().contains("the whole log was removed"), e.getMessage());
  }

  @Test
  void theSigningKeyAndCheckpointCanLiveApartFromTheLog() throws Exception {
    Path data = dir.resolve("data");
    Path keys = dir.resolve("keys");
    Checkpoint apart;
    try (EmbeddedLedger ledger =
        EmbeddedLedger.builder(data, LedgerFixture.CA).keyDirectory(keys).open()) {
      new EmbeddedGateway(ledger, fx.alice).submit("kvtest:Put", "a", "1");
      apart = ledger.checkpoint();
    }
    assertFalse(Files.exists(data.resolve(LedgerSigner.DIRECTORY)));
    assertTrue(Files.exists(keys.resolve("cert.pem")));
    assertTrue(Files.exists(CheckpointStore.file(keys, apart.ledgerId())));
    IOException noKey =
        assertThrows(IOException.class, () -> EmbeddedLedger.open(data, LedgerFixture.CA));
    assertTrue(noKey.getMessage().contains("signing identity"), noKey.getMessage());

    System.setProperty(LedgerSigner.KEY_DIR_PROPERTY, keys.toString());
    try (EmbeddedLedger ledger = EmbeddedLedger.open(data, LedgerFixture.CA)) {
      assertEquals(apart.height(), ledger.verifyChain(apart).height());
    } finally {
      System.clearProperty(LedgerSigner.KEY_DIR_PROPERTY);
    }
    cutLastLines(data, 1);
    CorruptLedgerException cut =
        assertThrows(
            CorruptLedgerException.class,
            () -> EmbeddedLedger.builder(data, LedgerFixture.CA).keyDirectory(keys).open());
    assertTrue(cut.getMessage().contains("were cut off"), cut.getMessage());
  }

  @Test
  void theMembersOptionKeepsTheKeyOption() throws Exception {
    Path keys = dir.resolve("keys2");
    try (EmbeddedLedger ledger =
        EmbeddedLedger.builder(dir.resolve("data2"), LedgerFixture.CA)
            .members(TrustRoots.of(LedgerFixture.CA))
            .keyDirectory(keys)
            .open()) {
      assertTrue(Files.exists(keys.resolve("cert.pem")));
      assertEquals(1, ledger.height());
    }
  }

  private void openAgain() throws IOException {
    EmbeddedLedger.open(dir, LedgerFixture.CA).close();
  }

  private void cutLastLines(int blocks) throws IOException {
    cutLastLines(dir, blocks);
  }

  private static void cutLastLines(Path data, int blocks) throws IOException {
    Path log = data.resolve(BlockLog.FILE);
    byte[] bytes = Files.readAllBytes(log);
    int end = bytes.length;
    for (int cut = 0; cut < blocks; cut++) {
      end--; // the newline ending the last remaining block
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
    }
    Files.write(log, Arrays.copyOf(bytes, end));
  }

  private void removeOwnCheckpoints() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(LedgerSigner.DIRECTORY))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        Files.delete(file);
      }
    }
  }
}
