package io.edgemarket.ledger.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The world state on disk: a RocksDB database (a log-structured merge tree: writes go to memory and
 * are flushed as sorted files, so a random key costs no read of the page it lands in, and opening
 * reads a manifest, not the data).
 *
 * <p>RocksDB's own write-ahead log is off: the ledger's block log is the log. A block is one write
 * batch, so memory always holds whole blocks; {@link #persist} flushes it to sorted files and
 * waits, and RocksDB's own flushes (when its memory table fills) write whole batches too. After a
 * crash the store therefore holds the state after some whole block, and names it (the tip is
 * written in the same batch); the blocks after it are in the fsynced block log, which an open
 * replays. Nothing is flushed at close unless asked ({@link #close} does, {@link #abandon} not).
 */
final class RocksStateStore implements StateStore {
  private static final long CACHE_BYTES = 64L << 20;
  private static final long MEMTABLE_BYTES = 64L << 20;

  static {
    RocksDB.loadLibrary();
  }

  private final Options options;
  private final LRUCache cache;
  private final RocksDB db;
  private final WriteOptions writes = new WriteOptions().setDisableWAL(true);

  private RocksStateStore(Options options, LRUCache cache, RocksDB db) {
    this.options = options;
    this.cache = cache;
    this.db = db;
  }

  /**
   * Opens (or creates) the store in directory {@code dir}. A store RocksDB cannot open is reported
   * as an {@link IOException}; the caller moves it aside and rebuilds the state from the log.
   */
  static RocksStateStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    LRUCache cache = new LRUCache(CACHE_BYTES);
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setAvoidFlushDuringShutdown(true)
            .setWriteBufferSize(MEMTABLE_BYTES)
            .setMaxBackgroundJobs(2)
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
            .setKeepLogFileNum(2)
            .setTableFormatConfig(
                new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(new BloomFilter(10))); // most tx ids asked for are new
    try {
      return new RocksStateStore(options, cache, RocksDB.open(options, dir.toString()));
    } catch (RocksDBException e) {
      options.close();
      cache.close();
      throw new IOException("the state store " + dir + " cannot be opened: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new IllegalStateException("reading the state store failed: " + e.getMessage(), e);
    }
  }

  /** One native iterator per call, closed before returning: callers page by the last key. */
  @Override
  public List<Map.Entry<byte[], byte[]>> scan(
      byte[] from, byte[] to, boolean descending, int limit) {
    List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      if (descending) {
        it.seekForPrev(from);
      } else {
        it.seek(from);
      }
      while (it.isValid() && out.size() < limit) {
        byte[] key = it.key();
        int order = Arrays.compareUnsigned(key, to);
        if (descending ? order < 0 : order >= 0) {
          break;
        }
        out.add(Map.entry(key, it.value()));
        if (descending) {
          it.prev();
        } else {
          it.next();
        }
      }
    }
    return out;
  }

  @Override
  public void write(List<Change> changes) {
    try (WriteBatch batch = new WriteBatch()) {
      for (Change change : changes) {
        if (change.value() == null) {
          batch.delete(change.key());
        } else {
          batch.put(change.key(), change.value());
        }
      }
      db.write(writes, batch);
    } catch (RocksDBException e) {
      throw new IllegalStateException("writing the state store failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void persist() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
    } catch (RocksDBException e) {
      throw new IllegalStateException("flushing the state store failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    persist();
    release();
  }

  @Override
  public void abandon() {
    release();
  }

  private void release() {
    db.close();
    writes.close();
    options.close();
    cache.close();
  }
}
