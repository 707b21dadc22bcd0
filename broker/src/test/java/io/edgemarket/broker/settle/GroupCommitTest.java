package io.edgemarket.broker.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 (b): a receipt is answered only once forced to disk, and concurrent appends share the
 * force (group commit), so a burst of invocations costs a few disk flushes, not one each.
 */
class GroupCommitTest {
  private static final int APPENDERS = 64;

  @TempDir Path dir;

  @Test
  void concurrentAppendsShareFewForces() throws Exception {
    // A disk whose flush takes 20 ms: appends arriving meanwhile must ride the next one.
    AppendLog.Disk slow =
        channel -> {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          channel.force(false);
        };
    Path file = dir.resolve("receipts.log");
    try (AppendLog log = AppendLog.open(file, new ArrayList<>(), slow)) {
      inParallel(i -> log.append("line " + i));
      assertTrue(
          log.forces() <= 8, log.forces() + " forces for " + APPENDERS + " concurrent appends");
      assertTrue(log.forces() >= 1);
    }
    List<String> lines = new ArrayList<>();
    AppendLog.open(file, lines).close();
    assertEquals(APPENDERS, lines.size());
  }

  @Test
  void everyAcknowledgedReceiptIsThereAfterACrash() throws Exception {
    Path live = dir.resolve("live");
    Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    SettlementQueue queue = SettlementQueue.open(live);
    inParallel(
        i -> {
          Receipt receipt = TestReceipts.receipt("inv-" + i);
          queue.append(receipt);
          acknowledged.add(receipt.assignment().runId());
        });
    // The files as a killed broker leaves them: never closed.
    Path crashed = dir.resolve("crashed");
    Files.createDirectories(crashed);
    try (Stream<Path> files = Files.list(live)) {
      for (Path f : files.toList()) {
        Files.copy(f, crashed.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    queue.close();
    try (SettlementQueue reopened = SettlementQueue.open(crashed)) {
      Set<String> restored = new HashSet<>();
      reopened.restoredReceipts().forEach(r -> restored.add(r.assignment().runId()));
      assertEquals(APPENDERS, acknowledged.size());
      assertEquals(acknowledged, restored);
      assertEquals(APPENDERS, reopened.depth());
    }
  }

  private interface Append {
    void run(int i) throws IOException;
  }

  private static void inParallel(Append append) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(APPENDERS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < APPENDERS; i++) {
        int n = i;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  append.run(n);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
