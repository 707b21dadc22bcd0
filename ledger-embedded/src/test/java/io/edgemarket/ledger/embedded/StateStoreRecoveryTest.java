package io.edgemarket.ledger.embedded;

import static io.edgemarket.ledger.embedded.LedgerFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.SignedProposal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the state lives in a {@link StateStore} on disk; an open after a crash starts from what
 * the store last persisted and replays only the log after it, and rebuilds exactly what a full
 * replay does (state, versions, history, every transaction id, hashes, height). A store that cannot
 * be read, or does not match the log, is moved aside and rebuilt; tampering with the tail is still
 * refused.
 */
@Timeout(120)
class StateStoreRecoveryTest {
  @TempDir Path dir;
  @TempDir Path elsewhere;
  final ExecutorService pool = Executors.newFixedThreadPool(2);
  LedgerFixture fx;

  @AfterEach
  void close() {
    KvTestContract.afterRead = () -> {};
    pool.shutdownNow();
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void anOpenAfterACrashReplaysOnlyTheTailAndEqualsAFullReplay() throws Exception {
    fx = new LedgerFixture(dir);
    SignedProposal loser = history();
    SignedProposal committed =
        SignedProposal.create(
            fx.alice, "kvtest:Put", List.of("z", "1"), System.currentTimeMillis());
    fx.ledger.execute(committed, true);
    long covered = fx.ledger.snapshot();
    assertEquals(fx.ledger.height(), covered);
    fx.submit("Put", "a", "tail");
    fx.submit("Delete", "b");
    fx.submit("Put", "new", "key");
    fx.submit("PutComposite", "kind", "x", "y", "v2");
    String expectedHistory = fx.evaluate("History", "a");
    String live = dump(fx.ledger.world());

    crashAndReopen();
    assertEquals(4, fx.ledger.replayedAtOpen(), "the four blocks after the last persist");
    String recovered = dump(fx.ledger.world());
    assertEquals(live, recovered);
    assertEquals(expectedHistory, fx.evaluate("History", "a"));
    assertEquals("tail", fx.evaluate("Get", "a"));
    for (SignedProposal replayed : List.of(loser, committed)) {
      LedgerException again = failure(() -> fx.ledger.execute(replayed, true));
      assertEquals(ErrorCodes.DUPLICATE, again.code());
    }
    fx.close();
    moveStoreAside();
    fx = new LedgerFixture(dir); // a full replay
    assertEquals(fx.ledger.height(), fx.ledger.replayedAtOpen());
    assertEquals(recovered, dump(fx.ledger.world()));
    assertTrue(recovered.contains(loser.transactionId()));
  }

  @Test
  void aCleanCloseLeavesNothingToReplay() throws Exception {
    fx = new LedgerFixture(dir);
    fx.submit("Put", "a", "1");
    fx.submit("Put", "b", "2");
    fx.reopen();
    assertEquals(0, fx.ledger.replayedAtOpen());
    assertEquals("2", fx.evaluate("Get", "b"));
  }

  @Test
  void aBlockCoveredByTheStoreIsCaughtByVerifyLogNotAtOpen() throws Exception {
    fx = new LedgerFixture(dir);
    fx.submit("Put", "a", "before");
    fx.submit("Put", "b", "1"); // the store's own last block is checked at open
    fx.ledger.snapshot();
    fx.submit("Put", "a", "after");
    fx.close();
    replaceInLog("before", "BEFORE"); // block 1, which only verifyLog re-reads
    fx = new LedgerFixture(dir);
    assertEquals("after", fx.evaluate("Get", "a"));
    CorruptLedgerException e = assertThrows(CorruptLedgerException.class, fx.ledger::verifyLog);
    assertEquals(1, e.block());
  }

  @Test
  void aTamperedTailIsStillRefused() throws Exception {
    fx = new LedgerFixture(dir);
    fx.submit("Put", "a", "1");
    long covered = fx.ledger.snapshot();
    fx.submit("Put", "a", "tail-value");
    fx.submit("Put", "b", "2");
    fx.ledger.crash();
    fx = null;
    replaceInLog("tail-value", "TAIL-VALUE");
    CorruptLedgerException e =
        assertThrows(
            CorruptLedgerException.class, () -> EmbeddedLedger.open(dir, LedgerFixture.CA));
    assertEquals(covered, e.block());
  }

  @Test
  void anUnreadableStoreIsMovedAsideAndRebuiltFromTheLog() throws Exception {
    fx = new LedgerFixture(dir);
    history();
    fx.submit("Put", "a", "last");
    String live = dump(fx.ledger.world());
    fx.close();
    Path store = StatePersistence.directory(dir);
    Files.writeString(store.resolve("CURRENT"), "MANIFEST-999999\n"); // names no manifest
    fx = new LedgerFixture(dir);
    assertEquals(fx.ledger.height(), fx.ledger.replayedAtOpen(), "a full replay");
    assertEquals(live, dump(fx.ledger.world()));
    assertEquals("last", fx.evaluate("Get", "a"));
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(
          files.anyMatch(f -> f.getFileName().toString().startsWith("state.unusable-")),
          "the unreadable store is kept aside for inspection");
    }
  }

  @Test
  void aStoreOfAnotherLedgerIsNotUsed() throws Exception {
    fx = new LedgerFixture(elsewhere);
    fx.submit("Put", "a", "other ledger");
    fx.close();
    fx = new LedgerFixture(dir);
    fx.submit("Put", "a", "this ledger");
    fx.close();
    copyTree(StatePersistence.directory(elsewhere), StatePersistence.directory(dir));
    fx = new LedgerFixture(dir);
    assertEquals("this ledger", fx.evaluate("Get", "a"));
    assertEquals(fx.ledger.height(), fx.ledger.replayedAtOpen(), "rebuilt from this log");
  }

  @Test
  void aLogCutBelowItsStoreIsRefused() throws Exception {
    fx = new LedgerFixture(dir);
    fx.submit("Put", "a", "1");
    fx.ledger.snapshot();
    fx.submit("Put", "a", "2");
    fx.close();
    Path log = dir.resolve(BlockLog.FILE);
    byte[] bytes = Files.readAllBytes(log);
    int end = 0;
    for (int lines = 0, i = 0; i < bytes.length && lines < 2; i++) {
      if (bytes[i] == '\n') {
        lines++;
        end = i + 1;
      }
    }
    // The store names its last block at its offset; a log that no longer holds it is not its log.
    Files.write(log, Arrays.copyOf(bytes, end));
    assertThrows(CorruptLedgerException.class, () -> EmbeddedLedger.open(dir, LedgerFixture.CA));
    fx = null; // the ledger's own checkpoint refuses the cut log whatever the store says
  }

  @Test
  void theStoreIsPersistedAsThePolicySays() throws Exception {
    fx = new LedgerFixture(dir);
    fx.ledger.close();
    fx.ledger =
        EmbeddedLedger.builder(dir, LedgerFixture.CA)
            .snapshotEvery(3, Long.MAX_VALUE, Duration.ofDays(1))
            .open();
    fx.gateway = new EmbeddedGateway(fx.ledger, fx.alice);
    for (int i = 0; i < 10; i++) {
      fx.submit("Put", "k" + i, "v" + i);
    }
    long persisted = fx.ledger.world().persisted().height();
    assertTrue(fx.ledger.height() - persisted < 3, "persisted every 3 blocks: " + persisted);
    String live = dump(fx.ledger.world());
    crashAndReopen();
    assertEquals(fx.ledger.height() - persisted, fx.ledger.replayedAtOpen());
    assertEquals(live, dump(fx.ledger.world()));
  }

  @Test
  void snapshotFilesOfAnEarlierVersionAreRemoved() throws Exception {
    fx = new LedgerFixture(dir);
    fx.close();
    Path old = Files.createDirectories(dir.resolve("snapshots"));
    Files.write(old.resolve("snapshot-0000000000000000001.bin"), new byte[] {1, 2, 3});
    fx = new LedgerFixture(dir);
    assertTrue(Files.notExists(old));
  }

  /** Puts, overwrites, deletes, composite keys and one transaction that lost an MVCC race. */
  private SignedProposal history() throws Exception {
    fx.submit("Put", "a", "1");
    fx.submit("Put", "a", "2");
    fx.submit("Put", "b", "x");
    fx.submit("Delete", "a");
    fx.submit("Put", "a", "3");
    fx.submit("PutComposite", "kind", "x", "y", "v1");
    fx.submit("Put", "counter", "0");
    List<SignedProposal> racing = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < 2; i++) {
      racing.add(SignedProposal.create(fx.alice, "kvtest:Increment", List.of("counter"), now));
    }
    CyclicBarrier bothRead = new CyclicBarrier(2);
    KvTestContract.afterRead =
        () -> {
          try {
            bothRead.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    List<Future<String>> runs = new ArrayList<>();
    for (SignedProposal proposal : racing) {
      runs.add(pool.submit(() -> fx.ledger.execute(proposal, true)));
    }
    SignedProposal loser = null;
    for (int i = 0; i < 2; i++) {
      try {
        runs.get(i).get();
      } catch (ExecutionException e) {
        loser = racing.get(i);
      }
    }
    KvTestContract.afterRead = () -> {};
    assertNotNull(loser);
    assertEquals(1, fx.ledger.verifyLog().rejected());
    return loser;
  }

  /** Everything the world state holds, in a canonical text form. */
  static String dump(WorldState world) {
    StringBuilder out = new StringBuilder();
    WorldState.Tip tip = world.tip();
    out.append("tip ").append(tip).append('\n');
    out.append("txs ").append(world.transactions()).append('/').append(world.rejected());
    out.append('\n');
    for (long height = 1; height <= tip.height(); height++) {
      out.append(world.hashAt(height)).append('\n');
    }
    StateStore store = world.store();
    for (Map.Entry<byte[], byte[]> tx : everything(store, StateCodec.TX)) {
      out.append(StateCodec.key(tx.getKey()))
          .append('@')
          .append(StateCodec.number(tx.getValue()))
          .append('\n');
    }
    world
        .range("", "")
        .forEachRemaining(
            entry ->
                out.append("state ")
                    .append(entry.getKey())
                    .append('=')
                    .append(new String(entry.getValue().value(), StandardCharsets.UTF_8))
                    .append('@')
                    .append(entry.getValue().version())
                    .append('\n'));
    for (Map.Entry<byte[], byte[]> entry : everything(store, StateCodec.HISTORY)) {
      WorldState.HistoryEntry e = StateCodec.history(entry.getKey(), entry.getValue());
      out.append("history ")
          .append(Crypto.hex(entry.getKey()))
          .append(' ')
          .append(e.txId())
          .append(' ')
          .append(e.timestamp())
          .append(' ')
          .append(e.deleted())
          .append(' ')
          .append(e.value() == null ? "-" : new String(e.value(), StandardCharsets.UTF_8))
          .append(' ')
          .append(e.version())
          .append('\n');
    }
    return out.toString();
  }

  private static List<Map.Entry<byte[], byte[]>> everything(StateStore store, byte kind) {
    return store.scan(new byte[] {kind}, StateCodec.end(kind), false, Integer.MAX_VALUE);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> old = Files.walk(to)) {
      for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path path : files.toList()) {
        Files.copy(path, to.resolve(from.relativize(path).toString()));
      }
    }
  }

  private void crashAndReopen() throws IOException {
    fx.ledger.crash();
    fx.ledger = EmbeddedLedger.open(dir, LedgerFixture.CA);
    fx.gateway = new EmbeddedGateway(fx.ledger, fx.alice);
  }

  private void moveStoreAside() throws IOException {
    Files.move(
        dir.resolve(StatePersistence.DIRECTORY),
        elsewhere.resolve("aside"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private void replaceInLog(String from, String to) throws IOException {
    Path log = dir.resolve(BlockLog.FILE);
    String text = Files.readString(log);
    String base64From =
        java.util.Base64.getEncoder().encodeToString(from.getBytes(StandardCharsets.UTF_8));
    String base64To =
        java.util.Base64.getEncoder().encodeToString(to.getBytes(StandardCharsets.UTF_8));
    String changed = text.replace(from, to).replace(base64From, base64To);
    assertNotEquals(text, changed, "the log holds " + from);
    Files.writeString(log, changed);
  }
}
