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
import java.util.TreeMap;
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
 * Issue 16: an open from a snapshot plus the log's tail rebuilds exactly what a full replay does
 * (state, versions, history, every transaction id, hashes, height), a damaged snapshot is skipped,
 * and tampering with the tail is still refused.
 */
@Timeout(120)
class SnapshotTest {
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
  void anOpenFromASnapshotEqualsAFullReplay() throws Exception {
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

    fx.reopen(); // from the snapshot and three blocks of tail
    String fromSnapshot = dump(fx.ledger.world());
    assertEquals(expectedHistory, fx.evaluate("History", "a"));
    assertEquals("tail", fx.evaluate("Get", "a"));
    for (SignedProposal replayed : List.of(loser, committed)) {
      LedgerException again = failure(() -> fx.ledger.execute(replayed, true));
      assertEquals(ErrorCodes.DUPLICATE, again.code());
    }
    fx.close();
    moveSnapshotsAside();
    fx = new LedgerFixture(dir); // a full replay
    assertEquals(dump(fx.ledger.world()), fromSnapshot);
    assertTrue(fromSnapshot.contains(loser.transactionId()));
  }

  @Test
  void aBlockCoveredByTheSnapshotIsCaughtByVerifyLogNotAtOpen() throws Exception {
    fx = new LedgerFixture(dir);
    fx.submit("Put", "a", "before");
    fx.submit("Put", "b", "1"); // the snapshot's own last block is checked at open
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
    fx.close();
    replaceInLog("tail-value", "TAIL-VALUE");
    CorruptLedgerException e =
        assertThrows(
            CorruptLedgerException.class, () -> EmbeddedLedger.open(dir, LedgerFixture.CA));
    assertEquals(covered, e.block());
    fx = null;
  }

  @Test
  void aDamagedOrTruncatedSnapshotFallsBackToAnOlderOneOrToAFullReplay() throws Exception {
    fx = new LedgerFixture(dir);
    history();
    fx.ledger.snapshot();
    fx.submit("Put", "a", "between");
    long newest = fx.ledger.snapshot();
    fx.submit("Put", "a", "last");
    fx.close();
    moveSnapshotsAside();
    fx = new LedgerFixture(dir);
    String replayed = dump(fx.ledger.world());
    fx.close();
    restoreSnapshots();

    List<Path> files = snapshots();
    assertEquals(2, files.size());
    Path newestFile = files.get(files.size() - 1);
    assertTrue(newestFile.toString().contains(String.valueOf(newest)));
    byte[] bytes = Files.readAllBytes(newestFile);
    bytes[bytes.length / 2] ^= 1;
    Files.write(newestFile, bytes); // the older one is used
    fx = new LedgerFixture(dir);
    assertEquals(replayed, dump(fx.ledger.world()));
    fx.close();

    for (Path file : snapshots()) {
      byte[] whole = Files.readAllBytes(file);
      Files.write(file, Arrays.copyOf(whole, whole.length / 3)); // both cut short
    }
    fx = new LedgerFixture(dir); // a full replay
    assertEquals(replayed, dump(fx.ledger.world()));
    assertEquals("last", fx.evaluate("Get", "a"));
  }

  @Test
  void aLogCutBelowItsSnapshotIsRefused() throws Exception {
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
    // The snapshot names block 1 at its offset; a log whose second block differs there is not it.
    Files.write(log, Arrays.copyOf(bytes, end));
    assertThrows(CorruptLedgerException.class, () -> EmbeddedLedger.open(dir, LedgerFixture.CA));
    fx = null; // the ledger's own checkpoint refuses the cut log whatever the snapshot says
  }

  @Test
  void snapshotsAreWrittenInTheBackgroundAsThePolicySays() throws Exception {
    fx = new LedgerFixture(dir);
    fx.ledger.close();
    fx.ledger =
        EmbeddedLedger.builder(dir, LedgerFixture.CA)
            .snapshotEvery(3, Long.MAX_VALUE, Duration.ofDays(1))
            .open();
    fx.gateway = new EmbeddedGateway(fx.ledger, fx.alice);
    long deadline = System.currentTimeMillis() + 20_000;
    for (int i = 0;
        (i < 9 || snapshots().size() < SnapshotStore.KEEP) && System.currentTimeMillis() < deadline;
        i++) {
      fx.submit("Put", "k" + i, "v" + i);
      Thread.sleep(20); // the writer idles a while after each snapshot
    }
    assertEquals(SnapshotStore.KEEP, snapshots().size(), "older snapshots are removed");
    String live = dump(fx.ledger.world());
    fx.reopen();
    assertEquals(live, dump(fx.ledger.world()));
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
    for (byte[] hash : world.hashes(tip.height())) {
      out.append(Crypto.hex(hash)).append('\n');
    }
    new TreeMap<>(world.txBlocks()).forEach((id, block) -> out.append(id + "@" + block + "\n"));
    world
        .range("", "")
        .forEach(
            (key, value) ->
                out.append("state ")
                    .append(key)
                    .append('=')
                    .append(new String(value.value(), StandardCharsets.UTF_8))
                    .append('@')
                    .append(value.version())
                    .append('\n'));
    for (Map.Entry<String, WorldState.HistoryEntry> key : world.allHistory().entrySet()) {
      out.append("history ").append(key.getKey()).append('\n');
      for (WorldState.HistoryEntry e : world.history(key.getKey())) {
        out.append("  ")
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
    }
    return out.toString();
  }

  private List<Path> snapshots() throws IOException {
    Path snapshots = dir.resolve(SnapshotStore.DIRECTORY);
    if (!Files.isDirectory(snapshots)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(snapshots)) {
      return files.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
    }
  }

  private void moveSnapshotsAside() throws IOException {
    Files.move(dir.resolve(SnapshotStore.DIRECTORY), elsewhere.resolve("aside"));
  }

  private void restoreSnapshots() throws IOException {
    Files.move(elsewhere.resolve("aside"), dir.resolve(SnapshotStore.DIRECTORY));
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
