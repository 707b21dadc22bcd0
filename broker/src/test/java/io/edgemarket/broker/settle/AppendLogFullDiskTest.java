package io.edgemarket.broker.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, a full disk under the settlement queue: a line whose write fails part-way is cut off,
 * and once space is freed the log appends whole lines again without a restart (it used to refuse
 * every append until the broker was restarted, so every call after a moment of full disk failed).
 */
class AppendLogFullDiskTest {
  @TempDir Path dir;

  /** Writes 5 bytes of the next line, then fails as a full disk does, while {@code full}. */
  private static final class FullDisk implements AppendLog.Disk {
    final AtomicBoolean full = new AtomicBoolean();

    @Override
    public void force(FileChannel channel) throws IOException {
      channel.force(false);
    }

    @Override
    public void write(FileChannel channel, ByteBuffer buffer) throws IOException {
      if (full.get()) {
        ByteBuffer part = buffer.slice().limit(Math.min(5, buffer.remaining()));
        buffer.position(buffer.position() + channel.write(part));
        throw new IOException("No space left on device");
      }
      channel.write(buffer);
    }
  }

  @Test
  void aLineCutShortByAFullDiskLeavesNoFragmentAndLaterLinesAreWhole() throws Exception {
    Path file = dir.resolve("receipts.log");
    FullDisk disk = new FullDisk();
    try (AppendLog log = AppendLog.open(file, new ArrayList<>(), disk)) {
      log.append("first receipt");
      disk.full.set(true);
      assertThrows(IOException.class, () -> log.append("lost to the full disk"));
      assertEquals("first receipt\n".length(), Files.size(file), "the fragment was cut off");
      disk.full.set(false);
      log.append("after space was freed");
      assertEquals(Files.size(file), log.size());
    }
    List<String> lines = new ArrayList<>();
    AppendLog.open(file, lines).close();
    assertEquals(List.of("first receipt", "after space was freed"), lines);
  }
}
