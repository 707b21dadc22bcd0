package io.edgemarket.broker.settle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Receipt;
import io.edgemarket.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a receipt is answered once written, without waiting for the disk; the group-commit
 * thread forces it within its window, concurrent appends share a force, and whoever listens (the
 * agents, who keep their copies until then) hears which receipts are on disk only after the force.
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
  void aLoneAppendReturnsWithoutWaitingForTheForce() throws Exception {
    CountDownLatch forcing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AppendLog.Disk stuck =
        channel -> {
          forcing.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          channel.force(false);
        };
    List<Receipt> durable = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (SettlementQueue queue =
        SettlementQueue.open(dir, Compaction.DEFAULT, System::currentTimeMillis, stuck)) {
      queue.onDurable(durable::addAll);
      Receipt receipt = TestReceipts.receipt("lone");
      queue.append(receipt); // returns although the disk never finishes a force until released
      assertEquals(1, queue.depth(), "pending (and settleable) at once");
      assertTrue(forcing.await(5, TimeUnit.SECONDS), "the group-commit thread forces it");
      assertTrue(durable.isEmpty(), "nobody is told it is on disk before the force ends");
      release.countDown();
      Await.until("told once forced", () -> durable.equals(List.of(receipt)));
    }
  }

  @Test
  void forcesStillHappenWithinTheWindow() throws Exception {
    Map<String, Long> appended = new ConcurrentHashMap<>();
    List<Long> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (SettlementQueue queue = SettlementQueue.open(dir)) {
      queue.onDurable(
          receipts ->
              receipts.forEach(
                  r -> delays.add(System.nanoTime() - appended.get(r.assignment().runId()))));
      for (int i = 0; i < 20; i++) {
        Receipt receipt = TestReceipts.receipt("w-" + i);
        appended.put(receipt.assignment().runId(), System.nanoTime());
        queue.append(receipt);
        Thread.sleep(5);
      }
      Await.until("all forced", () -> delays.size() == 20);
    }
    // Every receipt became durable on its own, with no later append or close to push it out.
    assertEquals(20, delays.size());
  }

  @Test
  void aBurstOfAppendsSharesFewQueueForces() throws Exception {
    java.util.concurrent.atomic.AtomicInteger forces =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean armed =
        new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch release = new CountDownLatch(1);
    // A disk whose first force after arming lasts until every append has returned: what a slow
    // fsync does under a burst, without depending on how fast this machine is.
    AppendLog.Disk held =
        channel -> {
          if (armed.get()) {
            forces.incrementAndGet();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          channel.force(false);
        };
    try (SettlementQueue queue =
        SettlementQueue.open(dir, Compaction.DEFAULT, System::currentTimeMillis, held)) {
      Set<String> durable = java.util.concurrent.ConcurrentHashMap.newKeySet();
      queue.onDurable(rs -> rs.forEach(r -> durable.add(r.assignment().runId())));
      armed.set(true);
      inParallel(i -> queue.append(TestReceipts.receipt("b-" + i)));
      release.countDown();
      Await.until("all forced", () -> durable.size() == APPENDERS);
      // One force held while the burst arrived, then one for everything written meanwhile; a
      // force per append would be 64.
      assertTrue(forces.get() <= 3, forces.get() + " forces for " + APPENDERS);
    }
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
    // The files as a killed broker leaves them (never closed nor forced: the page cache has them).
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
