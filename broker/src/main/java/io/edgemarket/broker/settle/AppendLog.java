package io.edgemarket.broker.settle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An append-only file of lines with group commit: each {@link #append} returns once its line is
 * forced to disk, but concurrent appenders share one {@code force} (the first to get the sync lock
 * forces everything written so far), so durability costs one disk flush per burst rather than one
 * per invocation. {@link #write} appends without waiting for the disk (a killed process loses
 * nothing written; only a crash of the machine may lose what no {@link #sync} has forced yet). The
 * settlement queue writes receipts and leaves the forcing to its {@link GroupCommit} thread.
 */
public final class AppendLog implements AutoCloseable {
  /** How written lines reach the disk: {@code force(false)}; tests slow it down or count it. */
  interface Disk {
    void force(FileChannel channel) throws IOException;

    /** Writes some of {@code buffer} at the channel's position; tests fail it part-way. */
    default void write(FileChannel channel, ByteBuffer buffer) throws IOException {
      channel.write(buffer);
    }
  }

  static final Disk FORCE = channel -> channel.force(false);

  private final FileChannel channel;
  private final Disk disk;
  private final AtomicLong forces = new AtomicLong();
  private final Object writeLock = new Object();
  private final Object syncLock = new Object();
  private volatile long written;
  private long synced;
  private boolean broken;

  private AppendLog(FileChannel channel, long size, Disk disk) {
    this.channel = channel;
    this.disk = disk;
    this.written = size;
    this.synced = size;
  }

  /**
   * Opens the file, cutting off a torn last line left by a crash mid-write (its invocation was
   * never answered), and returns the complete lines through {@code lines}.
   */
  public static AppendLog open(Path file, List<String> lines) throws IOException {
    return open(file, lines, FORCE);
  }

  static AppendLog open(Path file, List<String> lines, Disk disk) throws IOException {
    byte[] content = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    int end = content.length;
    while (end > 0 && content[end - 1] != '\n') {
      end--;
    }
    int start = 0;
    for (int i = 0; i < end; i++) {
      if (content[i] == '\n') {
        if (i > start) {
          lines.add(new String(content, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    if (channel.size() != end) {
      channel.truncate(end);
      channel.force(true);
    }
    channel.position(end);
    return new AppendLog(channel, end, disk);
  }

  /** Appends one line (no newline in it) and returns once it is on disk. */
  public void append(String line) throws IOException {
    force(write(line));
  }

  /**
   * Appends one line (no newline in it) without forcing it to disk; returns the file's length with
   * it, for {@link #force(long)}.
   */
  public long write(String line) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    synchronized (writeLock) {
      if (broken) {
        throw new IOException("an earlier write failed part-way; restart to repair the log");
      }
      try {
        while (buffer.hasRemaining()) {
          disk.write(channel, buffer);
        }
      } catch (IOException e) {
        // A full disk (issue 13): cut off what part of the line was written, so that the next
        // append starts a line of its own once space is freed. Appending after half a line would
        // glue two records together; if it cannot be cut off, refuse every append instead.
        try {
          channel.truncate(written);
          channel.position(written);
        } catch (IOException | RuntimeException repair) {
          e.addSuppressed(repair);
          broken = true;
        }
        throw e;
      }
      written += buffer.capacity();
      return written;
    }
  }

  /** Forces everything written so far to disk. */
  public void sync() throws IOException {
    force(written);
  }

  /** The length of the file, with everything written. */
  public long size() {
    return written;
  }

  /** How many times this log has been forced to disk. */
  long forces() {
    return forces.get();
  }

  /**
   * Group commit: whoever holds the sync lock forces everything written so far; appenders that
   * wrote meanwhile wait for the lock and find their line covered, or force the next group.
   */
  private void force(long end) throws IOException {
    synchronized (syncLock) {
      if (synced < end) {
        long target = written;
        disk.force(channel);
        forces.incrementAndGet();
        synced = target;
      }
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
