package io.edgemarket.ledger.embedded;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The append-only block file: one JSON line per block, each appended with a single write and forced
 * to disk before anyone is told it committed. A crash can therefore leave only an unterminated last
 * line, which is how a torn write is recognised (a length prefix would not do: a flipped bit in one
 * could make a healthy middle block look like a torn tail). The directory is locked while open, so
 * two ledgers can never append to the same file.
 */
final class BlockLog implements AutoCloseable {
  static final String FILE = "blocks.jsonl";
  private static final String LOCK = "ledger.lock";

  /** Receives each complete line (without its newline) with its number and byte offset. */
  interface LineSink {
    void accept(long number, long offset, byte[] line) throws IOException;
  }

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final FileChannel channel;
  private volatile long length;

  private BlockLog(Path file, FileChannel lockChannel, FileLock lock, FileChannel channel)
      throws IOException {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.channel = channel;
    this.length = channel.size();
  }

  static BlockLog open(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), CREATE, WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("the ledger directory " + dir + " is in use by another ledger");
    }
    Path file = dir.resolve(FILE);
    boolean created = !Files.exists(file);
    FileChannel channel = FileChannel.open(file, CREATE, READ, WRITE);
    if (created) {
      syncDirectory(dir); // so that the new file itself survives a crash
    }
    return new BlockLog(file, lockChannel, lock, channel);
  }

  Path file() {
    return file;
  }

  /** Bytes of complete lines known to be on disk. */
  long length() {
    return length;
  }

  /** Reads the complete lines among the first {@code limit} bytes; returns where they end. */
  long read(long limit, LineSink sink) throws IOException {
    return read(0, 0, limit, sink);
  }

  /**
   * Reads the complete lines from byte {@code start} (where line {@code number} begins) up to byte
   * {@code limit}; returns where they end.
   */
  long read(long start, long number, long limit, LineSink sink) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long position = start;
    long lineStart = start;
    while (position < limit) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), limit - position));
      int read = channel.read(buffer, position);
      if (read < 0) {
        break;
      }
      byte[] bytes = buffer.array();
      int from = 0;
      for (int i = 0; i < read; i++) {
        if (bytes[i] == '\n') {
          line.write(bytes, from, i - from);
          sink.accept(number++, lineStart, line.toByteArray());
          line.reset();
          from = i + 1;
          lineStart = position + from;
        }
      }
      line.write(bytes, from, read - from);
      position += read;
    }
    return lineStart;
  }

  /**
   * The line that starts at byte {@code offset} and ends with a newline at byte {@code end - 1}, or
   * null when the log holds no such line there.
   */
  byte[] lineAt(long offset, long end) throws IOException {
    if (offset < 0 || end <= offset || end > length || end - offset > Integer.MAX_VALUE) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) (end - offset));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, offset + buffer.position()) < 0) {
        return null;
      }
    }
    byte[] bytes = buffer.array();
    if (bytes[bytes.length - 1] != '\n' || (offset > 0 && !newlineBefore(offset))) {
      return null;
    }
    for (int i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] == '\n') {
        return null;
      }
    }
    return Arrays.copyOf(bytes, bytes.length - 1);
  }

  /** The log's first complete line (the genesis block), or null when it holds none. */
  byte[] firstLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    long position = 0;
    while (position < length) {
      buffer.clear();
      int read = channel.read(buffer, position);
      if (read < 0) {
        break;
      }
      byte[] bytes = buffer.array();
      for (int i = 0; i < read; i++) {
        if (bytes[i] == '\n') {
          line.write(bytes, 0, i);
          return position + i < length ? line.toByteArray() : null;
        }
      }
      line.write(bytes, 0, read);
      position += read;
    }
    return null;
  }

  private boolean newlineBefore(long offset) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return channel.read(one, offset - 1) == 1 && one.get(0) == '\n';
  }

  /** Cuts a torn tail off; only ever called before anything is appended. */
  void truncate(long size) throws IOException {
    channel.truncate(size);
    channel.force(true);
    length = size;
  }

  void append(byte[] line) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(line);
    long position = length;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    channel.force(false);
    length = position;
  }

  @Override
  public void close() throws IOException {
    try (lockChannel;
        channel) {
      lock.release();
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel directory = FileChannel.open(dir, READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Not every platform can sync a directory; the file's own syncs still apply.
    }
  }
}
