package io.edgemarket.broker.settle;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Everything the settlement queue must remember of the log generations before {@code next}: the
 * receipts still pending, the batches in flight, the recently paid batches with their receipts (so
 * a restarted broker still answers for them, within {@link Compaction}'s bounds) and the running
 * totals. Replaced atomically: written to a temporary file, forced, renamed over the old one, and
 * the directory forced, so a crash leaves either the old checkpoint or the new one, never half.
 */
record Checkpoint(
    int next, Totals totals, List<Receipt> pending, List<InFlight> inflight, List<Paid> retained) {
  static final String FILE = "checkpoint.json";
  private static final String TEMPORARY = "checkpoint.json.tmp";

  /** Running totals of every batch ever recorded, for the market summary. */
  record Totals(long batches, long settledReceipts, long rejectedReceipts, long settledAmount) {
    static final Totals NONE = new Totals(0, 0, 0, 0);

    Totals plus(BatchOutcome outcome) {
      return new Totals(
          batches + 1,
          settledReceipts + outcome.settled().size(),
          rejectedReceipts + outcome.rejected().size(),
          settledAmount + outcome.totalAmount());
    }
  }

  /** A recorded batch and the receipts it named, kept for lookups after a restart. */
  record Paid(BatchOutcome outcome, List<Receipt> receipts) {}

  Checkpoint {
    pending = List.copyOf(pending);
    inflight = List.copyOf(inflight);
    retained = List.copyOf(retained);
  }

  static final Checkpoint EMPTY = new Checkpoint(0, Totals.NONE, List.of(), List.of(), List.of());

  /** The checkpoint in {@code dir}, if any; a leftover temporary file is removed. */
  static Optional<Checkpoint> read(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(TEMPORARY));
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(Files.readString(file), Checkpoint.class));
    } catch (IllegalArgumentException e) {
      // Written whole or not at all; unreadable means someone else damaged it. Guessing would
      // lose receipts or pay them twice, so the broker does not start.
      throw new IOException(file + " is unreadable: " + e.getMessage(), e);
    }
  }

  void write(Path dir) throws IOException {
    Path temporary = dir.resolve(TEMPORARY);
    byte[] bytes = Json.write(this).getBytes(StandardCharsets.UTF_8);
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(
        temporary,
        dir.resolve(FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(dir);
  }

  /** Makes a rename or a new file in {@code dir} durable. */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
