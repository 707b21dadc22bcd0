package io.edgemarket.broker.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.model.Receipt;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettlementQueueTest {
  private static final Identity CONSUMER = TestReceipts.CONSUMER;

  @TempDir Path dir;

  @Test
  void pendingSurvivesReopenAndOutcomesRemoveReceipts() throws Exception {
    Receipt a = receipt("a");
    Receipt b = receipt("b");
    try (SettlementQueue queue = SettlementQueue.open(dir)) {
      queue.append(a);
      queue.append(b);
      assertEquals(List.of(a, b), queue.take(10, 0));
      queue.done(
          new BatchOutcome(
              "batch-1",
              "root",
              List.of(new BatchOutcome.Settled("a", CONSUMER.id(), a.amount(), "batch-1")),
              List.of(),
              a.amount(),
              0));
      assertEquals(1, queue.depth());
    }
    try (SettlementQueue queue = SettlementQueue.open(dir)) {
      assertEquals(List.of(b), queue.take(10, 0));
      assertEquals(2, queue.restoredReceipts().size());
      assertEquals(1, queue.restoredOutcomes().size());
    }
  }

  @Test
  void aTornLastLineIsCutOffAndAppendingContinuesCleanly() throws Exception {
    Receipt a = receipt("a");
    try (SettlementQueue queue = SettlementQueue.open(dir)) {
      queue.append(a);
    }
    Files.write(
        dir.resolve("receipts.log"),
        "{\"ticket\":{\"invoc".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    Receipt b = receipt("b");
    try (SettlementQueue queue = SettlementQueue.open(dir)) {
      queue.append(b);
    }
    try (SettlementQueue queue = SettlementQueue.open(dir)) {
      assertEquals(List.of(a, b), queue.take(10, 0));
    }
  }

  @Test
  void takeReturnsAFullBatchAtOnce() throws Exception {
    try (SettlementQueue queue = SettlementQueue.open(dir)) {
      queue.append(receipt("a"));
      queue.append(receipt("b"));
      queue.append(receipt("c"));
      assertEquals(2, queue.take(2, 60_000).size(), "a full batch does not wait");
    }
  }

  private static Receipt receipt(String invocationId) {
    return TestReceipts.receipt(invocationId);
  }
}
