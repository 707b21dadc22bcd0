package io.edgemarket.agent;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The receipts' sequence numbers: strictly increasing for the life of the data directory, across
 * restarts and crashes. A receipt's number must never repeat (the ledger treats a provider's
 * sequence as unique), so numbers are handed out from blocks whose end is forced to disk before the
 * first number of the block is used; a crash skips the rest of a block, which costs nothing. One
 * agent per data directory, enforced by a file lock. Thread-safe.
 */
final class SequenceCounter implements Closeable {
  static final long BLOCK = 1000;

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private long next;
  private long reservedUpTo;

  private SequenceCounter(Path file, FileChannel lockChannel, FileLock lock, long next) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.next = next;
    this.reservedUpTo = next;
  }

  /** Opens the counter in {@code file}'s directory; fails if another agent holds it. */
  static SequenceCounter open(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException(file.getParent() + " is in use by another provider agent");
    }
    try {
      SequenceCounter counter = new SequenceCounter(file, channel, lock, readStart(file));
      counter.reserve();
      return counter;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The next number; reserves (durably) a new block when the current one is used up. */
  synchronized long next() throws IOException {
    if (next >= reservedUpTo) {
      reserve();
    }
    return next++;
  }

  private void reserve() throws IOException {
    long upTo = Math.addExact(next, BLOCK);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap((upTo + "\n").getBytes(StandardCharsets.US_ASCII)));
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(file.getParent());
    reservedUpTo = upTo;
  }

  /** Numbers below the stored value may have been used; a missing file means none were. */
  private static long readStart(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 1;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    try {
      long start = Long.parseLong(text);
      if (start < 1) {
        throw new NumberFormatException("not positive");
      }
      return start;
    } catch (NumberFormatException e) {
      // Starting over could repeat numbers already signed; an operator must look at this.
      throw new IOException("corrupt receipt sequence file " + file + ": '" + text + "'", e);
    }
  }

  /** Makes the rename itself durable; Linux allows fsync on a directory, others may not. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not supported on this platform: the rename is still atomic, just not yet durable.
    }
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
  }
}
