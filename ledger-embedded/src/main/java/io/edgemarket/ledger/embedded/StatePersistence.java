package io.edgemarket.ledger.embedded;

import io.edgemarket.model.crypto.CertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the {@link WorldState} is made durable, so that an open replays only the log after the last
 * time: after {@link Policy} blocks or bytes of log, or an interval, counted from the last time. It
 * runs on the committer's thread between two blocks (a commit of the store costs what changed since
 * the last, not the state's size), and every sixteenth time also compacts the store's file. At
 * open, {@link #matchesLog} checks the store's last block against the log's own block at that
 * height (read at the recorded position and verified: hash, link and signature) before the store is
 * used.
 */
final class StatePersistence implements AutoCloseable {
  static final String DIRECTORY = "state";
  private static final Logger LOG = LoggerFactory.getLogger(StatePersistence.class);

  /**
   * When to persist: after {@code blocks} blocks or {@code bytes} bytes of log since the last time,
   * or {@code interval} after it if anything was committed; blocks of 0 only on request and close.
   */
  record Policy(int blocks, long bytes, Duration interval) {
    static final Policy DEFAULT = new Policy(256, 8L << 20, Duration.ofSeconds(5));
    static final Policy NEVER = new Policy(0, 0, Duration.ZERO);
  }

  private final WorldState world;
  private final Policy policy;
  private WorldState.Tip last; // guarded by this
  private long lastAt; // guarded by this

  StatePersistence(WorldState world, Policy policy) {
    this.world = world;
    this.policy = policy;
    this.last = world.persisted();
    this.lastAt = System.currentTimeMillis();
  }

  /** The store's directory in ledger directory {@code dir}. */
  static Path directory(Path dir) {
    return dir.resolve(DIRECTORY);
  }

  /**
   * True when the store holds blocks of the ledger whose genesis is {@code genesis}, and its last
   * block is the log's block at that height; false (with a warning) when it must be rebuilt.
   */
  static boolean matchesLog(
      WorldState world, BlockLog log, CertificateAuthority ca, ChainVerifier.Result genesis) {
    WorldState.Tip tip = world.tip();
    try {
      if (genesis == null || !genesis.lastHash().equals(world.ledgerId())) {
        throw new IOException("it is of another ledger");
      }
      byte[] line = log.lineAt(tip.blockOffset(), tip.logEnd());
      if (line == null) {
        throw new IOException("the log holds no block at byte " + tip.blockOffset());
      }
      String previous = tip.height() == 1 ? LogCodec.NO_PREVIOUS : world.hashAt(tip.height() - 1);
      ChainVerifier.block(
          log,
          tip.height() - 1,
          tip.blockOffset(),
          line,
          previous,
          tip.lastHash(),
          genesis.signer(),
          ca);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Ledger log {}: the state store at height {} does not match the log ({}); rebuilding the"
              + " state from the whole log",
          log.file(),
          tip.height(),
          e.getMessage());
      return false;
    }
  }

  /** Removes snapshot files an earlier version wrote (the state store replaces them). */
  static void removeOldSnapshots(Path dir) throws IOException {
    Path old = dir.resolve("snapshots");
    if (!Files.isDirectory(old)) {
      return;
    }
    try (Stream<Path> files = Files.list(old)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(old);
    LOG.info("Ledger {}: removed the old snapshot files (replaced by the state store)", dir);
  }

  /** After a block: persists when the policy says it is time. */
  synchronized void afterBlock() {
    if (policy.blocks() <= 0) {
      return;
    }
    WorldState.Tip tip = world.tip();
    long now = System.currentTimeMillis();
    long blocks = tip.height() - last.height();
    boolean due =
        blocks >= policy.blocks()
            || tip.logEnd() - last.logEnd() >= policy.bytes()
            || (blocks > 0 && now - lastAt >= policy.interval().toMillis());
    if (due) {
      persist();
    }
  }

  /** Persists now; returns the height the store then holds durably. */
  synchronized long persist() {
    last = world.persist();
    lastAt = System.currentTimeMillis();
    return last.height();
  }

  /** Persists what is left and closes the store. */
  @Override
  public synchronized void close() {
    world.close();
  }
}
