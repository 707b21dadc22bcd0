package io.edgemarket.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The broker's settlement queue directory on a small tmpfs of its own, which a test fills up and
 * frees again. Mounting needs root: where it fails the scenario is skipped, loudly, except under
 * {@code CI=true}, where it fails.
 */
final class SettlementDisk implements AutoCloseable {
  private static final String SIZE = "16m";

  private final Path dir;
  private final String why;

  private SettlementDisk(Path dir, String why) {
    this.dir = dir;
    this.why = why;
  }

  static SettlementDisk mount(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String out = run("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", dir.toString());
    if (out == null) {
      return new SettlementDisk(dir, null);
    }
    if ("true".equals(System.getenv("CI"))) {
      fail("cannot mount a tmpfs for the settlement queue under CI: " + out);
    }
    System.err.println("faults: SKIPPING the full-disk scenario: cannot mount a tmpfs: " + out);
    return new SettlementDisk(dir, out);
  }

  boolean mounted() {
    return why == null;
  }

  String why() {
    return why;
  }

  /**
   * Writes a file until the tmpfs has no byte left: blocks, then smaller ones, down to single
   * bytes, so that not even a short receipt line fits.
   */
  void fill() throws IOException {
    try (FileChannel out =
        FileChannel.open(filler(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int size : new int[] {64 * 1024, 4096, 64, 1}) {
        ByteBuffer block = ByteBuffer.wrap(new byte[size]);
        try {
          while (true) {
            block.rewind();
            out.position(out.size());
            out.write(block);
          }
        } catch (IOException full) {
          if (!String.valueOf(full.getMessage()).contains("No space left")) {
            throw full;
          }
        }
      }
    }
  }

  void free() throws IOException {
    Files.deleteIfExists(filler());
  }

  private Path filler() {
    return dir.resolve("filler");
  }

  @Override
  public void close() {
    if (mounted()) {
      try {
        run("umount", "-l", dir.toString());
      } catch (IOException | InterruptedException e) {
        System.err.println("faults: could not unmount " + dir + ": " + e);
      }
    }
  }

  /** Null when the command succeeded, else what it said. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return String.join(" ", command) + " did not finish";
    }
    return process.exitValue() == 0 ? null : out.strip() + " (exit " + process.exitValue() + ")";
  }
}
