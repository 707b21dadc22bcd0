package io.edgemarket.broker.settle;

import static io.edgemarket.broker.settle.TestReceipts.paid;
import static io.edgemarket.broker.settle.TestReceipts.receipt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction of the settlement queue's logs into a checkpoint, and a crash (or damage) at each of
 * its steps: nothing pending is lost, nothing paid becomes pending again, and a reopened queue
 * reads one checkpoint and one generation of logs however long the market ran.
 */
class SettlementQueueCompactionTest {
  private static final long MINUTE = 60_000;

  /** Compacts after every recorded batch; keeps paid batches ten minutes. */
  private static final Compaction EVERY_BATCH = new Compaction(1, 10 * MINUTE, 1_000);

  private static final Compaction NEVER = new Compaction(Long.MAX_VALUE, 10 * MINUTE, 1_000);

  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Test
  void paidReceiptsLeaveTheLogsAndOldGenerationsAreDeleted() throws Exception {
    Receipt a = receipt("a");
    Receipt b = receipt("b");
    Receipt c = receipt("c");
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      queue.append(a);
      queue.append(b);
      queue.done(paid("batch-1", now.get(), a));
      queue.append(c);
    }
    assertTrue(Files.exists(dir.resolve("checkpoint.json")));
    assertFalse(Files.exists(dir.resolve("receipts.log")), "generation 0 folded and deleted");
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      assertEquals(List.of(b, c), queue.take(10, 0));
      assertEquals(List.of(a, b, c), queue.restoredReceipts(), "a is still answered for");
      now.addAndGet(11 * MINUTE);
      queue.done(paid("batch-2", now.get(), b));
    }
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      assertEquals(List.of(c), queue.take(10, 0));
      assertEquals(List.of(b, c), queue.restoredReceipts(), "a's batch is past its retention");
      assertEquals(2, queue.restoredStats().batches(), "totals count every batch ever");
      assertEquals(a.amount() + b.amount(), queue.restoredStats().settledAmount());
    }
    assertEquals(1, LogGenerations.present(dir).size(), "only the current generation");
  }

  @Test
  void aBatchInFlightSurvivesCompactionUntilItsOutcome() throws Exception {
    Receipt a = receipt("a");
    Receipt b = receipt("b");
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      queue.append(a);
      queue.append(b);
      queue.submitting("batch-1", List.of(a, b));
      queue.compact();
    }
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      assertEquals(1, queue.restoredInFlight().size());
      InFlight batch = queue.restoredInFlight().get(0);
      assertEquals("batch-1", batch.batchId());
      assertEquals(List.of(a, b), queue.receiptsOf(batch).orElseThrow());
      queue.done(paid("batch-1", now.get(), a, b));
    }
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      assertEquals(List.of(), queue.restoredInFlight());
      assertEquals(0, queue.depth());
    }
  }

  @Test
  void aCrashBeforeTheCheckpointIsRenamedReplaysEveryGeneration() throws Exception {
    Receipt a = receipt("a");
    Receipt b = receipt("b");
    Receipt c = receipt("c");
    try (SettlementQueue queue = open(NEVER)) {
      queue.append(a);
      queue.append(b);
      queue.done(paid("batch-1", now.get(), a));
    }
    // Step 1 done (a new generation, already appended to), step 2 torn: a half-written temporary.
    Files.writeString(LogGenerations.receipts(dir, 1), Json.write(c) + "\n");
    Files.writeString(LogGenerations.batches(dir, 1), "");
    Files.writeString(dir.resolve("checkpoint.json.tmp"), "{\"next\":2,\"pend");
    try (SettlementQueue queue = open(NEVER)) {
      assertEquals(List.of(b, c), queue.take(10, 0));
      assertEquals(1, queue.restoredOutcomes().size());
    }
    assertFalse(Files.exists(dir.resolve("checkpoint.json.tmp")));
    try (SettlementQueue queue = open(NEVER)) {
      assertEquals(List.of(b, c), queue.take(10, 0), "and again after the compaction on open");
    }
  }

  @Test
  void aCrashBeforeTheOldLogsAreDeletedDoesNotReplayThem() throws Exception {
    Receipt a = receipt("a");
    Receipt b = receipt("b");
    try (SettlementQueue queue = open(NEVER)) {
      queue.append(a);
      queue.append(b);
      queue.done(paid("batch-1", now.get(), a));
    }
    Path saved = Files.createDirectory(dir.resolve("saved"));
    Files.copy(dir.resolve("receipts.log"), saved.resolve("receipts.log"));
    Files.copy(dir.resolve("batches.log"), saved.resolve("batches.log"));
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      queue.compact();
    }
    // Step 3 interrupted: the checkpoint is in place, the logs it covers are still there.
    Files.copy(saved.resolve("receipts.log"), dir.resolve("receipts.log"));
    Files.copy(
        saved.resolve("batches.log"),
        dir.resolve("batches.log"),
        StandardCopyOption.REPLACE_EXISTING);
    try (SettlementQueue queue = open(NEVER)) {
      assertEquals(List.of(b), queue.take(10, 0), "a stays paid, b stays pending");
      assertEquals(1, queue.restoredStats().batches(), "batch-1 counted once");
    }
    assertFalse(Files.exists(dir.resolve("receipts.log")), "the covered logs are deleted");
  }

  @Test
  void aTornLastLineAfterACheckpointIsCutOff() throws Exception {
    Receipt a = receipt("a");
    Receipt b = receipt("b");
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      queue.append(a);
      queue.compact();
      queue.append(b);
    }
    Path current = LogGenerations.receipts(dir, 1);
    Files.write(
        current, "{\"ticket\":{\"inv".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    Receipt c = receipt("c");
    try (SettlementQueue queue = open(NEVER)) {
      queue.append(c);
    }
    try (SettlementQueue queue = open(NEVER)) {
      assertEquals(List.of(a, b, c), queue.take(10, 0));
    }
  }

  @Test
  void missingLogsOfTheCurrentGenerationLeaveTheCheckpointsReceipts() throws Exception {
    Receipt a = receipt("a");
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      queue.append(a);
      queue.compact();
    }
    Files.delete(LogGenerations.receipts(dir, 1));
    Files.delete(LogGenerations.batches(dir, 1));
    try (SettlementQueue queue = open(NEVER)) {
      assertEquals(List.of(a), queue.take(10, 0));
      queue.append(receipt("b"));
    }
    try (SettlementQueue queue = open(NEVER)) {
      assertEquals(2, queue.depth());
    }
  }

  @Test
  void aDamagedCheckpointStopsTheQueueRatherThanGuess() throws Exception {
    try (SettlementQueue queue = open(EVERY_BATCH)) {
      queue.append(receipt("a"));
      queue.compact();
    }
    Files.writeString(dir.resolve("checkpoint.json"), "{\"next\":1,");
    assertThrows(IOException.class, () -> open(NEVER));
  }

  private SettlementQueue open(Compaction policy) throws IOException {
    return SettlementQueue.open(dir, policy, now::get);
  }
}
