package io.edgemarket.ledger.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The world state on disk: H2's MVStore (a copy-on-write B-tree file that survives a crash at its
 * last commit), holding the current value of every key, every key's history, every transaction id
 * with its block, every block hash, and a few facts about the last block applied ({@code meta}).
 *
 * <p>Opening it reads a header and the roots of its trees, whatever the state's size: values are
 * read from disk when asked for (through MVStore's page cache). Nothing is made durable until
 * {@link #commit}, which the ledger calls only between blocks, so the store on disk always holds
 * the state after some whole block; the ledger's log holds every block after it, which an open
 * replays. Without a file it lives in memory only (the chaincode's unit tests).
 */
final class StateStore implements AutoCloseable {
  static final String FILE = "state.mv";
  private static final int CACHE_MB = 64;

  private final MVStore store;
  final MVMap<byte[], byte[]> state;
  final MVMap<byte[], byte[]> history;
  final MVMap<String, Long> txBlocks;
  final MVMap<Long, byte[]> hashes;
  final MVMap<String, String> meta;

  private StateStore(MVStore store) {
    this.store = store;
    this.state = store.openMap("state", bytesTo(ByteArrayDataType.INSTANCE));
    this.history = store.openMap("history", bytesTo(ByteArrayDataType.INSTANCE));
    this.txBlocks =
        store.openMap(
            "txBlocks",
            new MVMap.Builder<String, Long>()
                .keyType(StringDataType.INSTANCE)
                .valueType(LongDataType.INSTANCE));
    this.hashes =
        store.openMap(
            "hashes",
            new MVMap.Builder<Long, byte[]>()
                .keyType(LongDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    this.meta =
        store.openMap(
            "meta",
            new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
  }

  private static MVMap.Builder<byte[], byte[]> bytesTo(ByteArrayDataType values) {
    return new MVMap.Builder<byte[], byte[]>().keyType(KeyBytes.INSTANCE).valueType(values);
  }

  static StateStore inMemory() {
    return new StateStore(new MVStore.Builder().autoCommitDisabled().open());
  }

  /**
   * Opens (or creates) the store in {@code file}. A file MVStore cannot read is reported as an
   * {@link IOException}; the caller moves it aside and rebuilds the state from the log.
   */
  static StateStore open(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      MVStore store =
          new MVStore.Builder()
              .fileName(file.toString())
              .autoCommitDisabled()
              .cacheSize(CACHE_MB)
              .compress()
              .open();
      // Every commit is forced to disk before the next (commit), so the chunks of older versions
      // need not be kept for a crash: their space is reused at once instead of growing the file.
      store.setRetentionTime(0);
      return new StateStore(store);
    } catch (MVStoreException | IllegalStateException e) {
      throw new IOException("the state store " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  boolean isEmpty() {
    return meta.isEmpty();
  }

  /** Makes everything put so far durable, as one version, and forces it to disk. */
  void commit() {
    if (store.hasUnsavedChanges()) {
      store.commit();
    }
    if (store.getFileStore() != null) {
      store.sync();
    }
  }

  /** Rewrites sparse parts of the file, so that it does not grow with the history of hot keys. */
  void compact() {
    if (store.getFileStore() != null && store.getFillRate() < 50) {
      store.compact(80, 16 << 20);
      commit();
    }
  }

  /** Facts for the log: file size and fill rate. */
  Map<String, Object> describe() {
    return Map.of(
        "fillRate", store.getFillRate(), "cacheUsedMB", store.getCacheSizeUsed() / 1024 / 1024);
  }

  /** Commits what is left and closes the file. */
  @Override
  public void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }

  /** Closes the file without a last commit, as a crash would leave it (tests). */
  void abandon() {
    store.closeImmediately();
  }
}
