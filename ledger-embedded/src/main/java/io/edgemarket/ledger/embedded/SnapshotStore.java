package io.edgemarket.ledger.embedded;

import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Crypto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's snapshots in {@code snapshots/} beside its log, so that opening it costs the tail of
 * the log after the newest snapshot rather than the whole log. One is written in the background
 * (never two at once, and idle at least four times as long as the last one took) once enough has
 * been committed since the last ({@link Policy}); the newest {@value #KEEP} are kept. At open the
 * newest snapshot that reads back intact, is signed by the ledger and names a block the log holds
 * at its height (read directly at the recorded position and verified) is used; any other is skipped
 * with a warning, down to a full replay.
 */
final class SnapshotStore implements AutoCloseable {
  static final String DIRECTORY = "snapshots";
  static final int KEEP = 2;
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

  /**
   * When to write a snapshot: after {@code blocks} blocks or {@code bytes} bytes of log since the
   * last one, or {@code interval} after it if anything was committed; blocks of 0 never.
   */
  record Policy(int blocks, long bytes, Duration interval) {
    static final Policy DEFAULT = new Policy(1024, 32L << 20, Duration.ofMinutes(5));
    static final Policy NEVER = new Policy(0, 0, Duration.ZERO);
  }

  private final Path dir;
  private final LedgerSigner signer;
  private final WorldState world;
  private final Policy policy;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "embedded-ledger-snapshot");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
          });
  private long lastHeight; // guarded by this
  private long lastEnd; // guarded by this
  private long lastAt; // guarded by this
  private long lastTook; // guarded by this: how long the last background write took
  private boolean writing; // guarded by this
  private volatile boolean closed;

  SnapshotStore(
      Path ledgerDir, LedgerSigner signer, WorldState world, Policy policy, Snapshot from) {
    this.dir = ledgerDir.resolve(DIRECTORY);
    this.signer = signer;
    this.world = world;
    this.policy = policy;
    this.lastHeight = from == null ? 0 : from.tip().height();
    this.lastEnd = from == null ? 0 : from.tip().logEnd();
    this.lastAt = System.currentTimeMillis();
  }

  /**
   * The newest usable snapshot of the ledger whose genesis is {@code genesis} in {@code log}, or
   * null (with a warning for each one skipped).
   */
  static Snapshot newest(
      Path ledgerDir, BlockLog log, CertificateAuthority ca, ChainVerifier.Result genesis)
      throws IOException {
    for (Path file : files(ledgerDir.resolve(DIRECTORY))) {
      try {
        Snapshot snapshot = SnapshotFile.read(file, genesis.signer());
        requireInLog(snapshot, log, ca, genesis);
        return snapshot;
      } catch (IOException e) {
        LOG.warn(
            "Ledger log {}: ignoring the snapshot {}: {}; trying an older one, else replaying the"
                + " whole log",
            log.file(),
            file,
            e.getMessage());
      }
    }
    return null;
  }

  private static void requireInLog(
      Snapshot snapshot, BlockLog log, CertificateAuthority ca, ChainVerifier.Result genesis)
      throws IOException {
    long height = snapshot.tip().height();
    if (!genesis.lastHash().equals(snapshot.ledgerId())
        || height < 1
        || !Crypto.hex(snapshot.hashes().get(0)).equals(snapshot.ledgerId())
        || !Crypto.hex(snapshot.hashes().get((int) height - 1)).equals(snapshot.tip().lastHash())) {
      throw new IOException("it is of another ledger, or its block hashes disagree");
    }
    byte[] line = log.lineAt(snapshot.tip().blockOffset(), snapshot.tip().logEnd());
    if (line == null) {
      throw new IOException(
          "the log holds no block at byte " + snapshot.tip().blockOffset() + " (it is shorter)");
    }
    String prevHash =
        height == 1 ? LogCodec.NO_PREVIOUS : Crypto.hex(snapshot.hashes().get((int) height - 2));
    ChainVerifier.block(
        log,
        height - 1,
        snapshot.tip().blockOffset(),
        line,
        prevHash,
        snapshot.tip().lastHash(),
        genesis.signer(),
        ca);
  }

  /** Snapshot files, newest (highest) first. */
  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(f -> height(f) >= 0)
          .sorted(Comparator.comparingLong(SnapshotStore::height).reversed())
          .toList();
    }
  }

  private static long height(Path file) {
    String name = file.getFileName().toString();
    if (!name.matches("snapshot-[0-9]{1,19}\\.bin")) {
      return -1;
    }
    return Long.parseLong(name.substring("snapshot-".length(), name.length() - ".bin".length()));
  }

  /** After a block: starts a snapshot in the background when the policy says it is time. */
  synchronized void afterBlock() {
    long now = System.currentTimeMillis();
    // Writing takes longer as the state grows: spend at most a fifth of the time on it.
    if (writing || closed || policy.blocks() <= 0 || now - lastAt < 4 * lastTook) {
      return;
    }
    WorldState.Tip tip = world.tip();
    long blocks = tip.height() - lastHeight;
    boolean due =
        blocks >= policy.blocks()
            || tip.logEnd() - lastEnd >= policy.bytes()
            || (blocks > 0 && now - lastAt >= policy.interval().toMillis());
    if (due && tip.blockOffset() >= 0) {
      writing = true;
      writer.execute(this::writeInBackground);
    }
  }

  private void writeInBackground() {
    long started = System.currentTimeMillis();
    try {
      write();
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not write a snapshot of the ledger in {}", dir, e);
    } finally {
      synchronized (this) {
        writing = false;
        lastAt = System.currentTimeMillis();
        lastTook = lastAt - started;
      }
    }
  }

  /** Writes a snapshot of the state now, then keeps only the newest {@value #KEEP}. */
  long write() throws IOException {
    WorldState.Counted at = world.counted();
    WorldState.Tip tip = at.tip();
    Files.createDirectories(dir);
    Path file = dir.resolve(String.format("snapshot-%019d.bin", tip.height()));
    long height = SnapshotFile.write(file, world, at, signer.identity(), () -> closed);
    synchronized (this) {
      lastHeight = Math.max(lastHeight, height);
      lastEnd = Math.max(lastEnd, tip.logEnd());
    }
    List<Path> files = files(dir);
    for (Path old : files.subList(Math.min(KEEP, files.size()), files.size())) {
      Files.deleteIfExists(old);
    }
    return height;
  }

  /** Abandons a snapshot being written (its temporary file is left for the next one). */
  @Override
  public void close() {
    closed = true;
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
