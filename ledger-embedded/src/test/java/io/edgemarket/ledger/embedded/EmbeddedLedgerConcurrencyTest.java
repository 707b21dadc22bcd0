package io.edgemarket.ledger.embedded;

import static io.edgemarket.ledger.embedded.LedgerFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.SignedProposal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** MVCC: what a transaction read must be unchanged when it commits, as Fabric validates it. */
@Timeout(300) // a guard against a hang, not a measurement
class EmbeddedLedgerConcurrencyTest {
  @TempDir Path dir;
  LedgerFixture fx;
  ExecutorService pool = Executors.newFixedThreadPool(8);

  @BeforeEach
  void open() throws IOException {
    fx = new LedgerFixture(dir);
  }

  @AfterEach
  void close() {
    KvTestContract.afterRead = () -> {};
    pool.shutdownNow();
    fx.close();
  }

  @Test
  void twoIncrementsThatBothReadBeforeEitherCommitsConflictExactlyOnce() throws Exception {
    CyclicBarrier bothRead = new CyclicBarrier(2);
    KvTestContract.afterRead = () -> await(bothRead);
    List<Future<String>> increments = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      increments.add(pool.submit(() -> fx.submit("Increment", "counter")));
    }
    List<String> results = new ArrayList<>();
    List<LedgerException> conflicts = new ArrayList<>();
    for (Future<String> increment : increments) {
      try {
        results.add(increment.get());
      } catch (ExecutionException e) {
        conflicts.add((LedgerException) e.getCause());
      }
    }
    assertEquals(List.of("1"), results);
    assertEquals(1, conflicts.size());
    assertEquals(Phase.COMMIT, conflicts.get(0).phase());
    assertEquals(ErrorCodes.MVCC_READ_CONFLICT, conflicts.get(0).code());
    assertEquals("1", fx.evaluate("Get", "counter"));
  }

  @Test
  void concurrentIncrementsWithRetriesCountExactly() throws Exception {
    int threads = 8;
    int each = 25;
    AtomicInteger conflicts = new AtomicInteger();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < each; i++) {
                  while (true) {
                    try {
                      fx.submit("Increment", "counter");
                      break;
                    } catch (LedgerException e) {
                      assertEquals(ErrorCodes.MVCC_READ_CONFLICT, e.code(), e.getMessage());
                      conflicts.incrementAndGet();
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    assertEquals(Integer.toString(threads * each), fx.evaluate("Get", "counter"));
    // A transaction that lost a race is recorded too, as invalid: a block holds at least one.
    assertTrue(
        fx.ledger.height() <= 1 + threads * each + conflicts.get(),
        "at most one block per transaction");
    assertEquals(conflicts.get(), fx.ledger.verifyLog().rejected());
  }

  @Test
  void aKeyInsertedIntoAScannedRangeBeforeCommitIsAPhantom() throws Exception {
    fx.submit("Put", "item/1", "x");
    LedgerException e = failure(() -> rangeCountRacingWith("item/2"));
    assertEquals(Phase.COMMIT, e.phase());
    assertEquals(ErrorCodes.MVCC_READ_CONFLICT, e.code());
    assertTrue(e.getMessage().contains("phantom"), e.getMessage());
    assertEquals("", fx.evaluate("Get", "count"));
  }

  @Test
  void aKeyWrittenOutsideTheScannedRangeIsNoConflict() throws Exception {
    fx.submit("Put", "item/1", "x");
    assertEquals("1", rangeCountRacingWith("other"));
    assertEquals("1", fx.evaluate("Get", "count"));
  }

  @Test
  void theSameSignedProposalCommitsOnlyOnce() throws Exception {
    SignedProposal proposal =
        SignedProposal.create(
            fx.alice, "kvtest:Increment", List.of("counter"), System.currentTimeMillis());
    assertEquals("1", fx.ledger.execute(proposal, true));
    LedgerException e = failure(() -> fx.ledger.execute(proposal, true));
    assertEquals(ErrorCodes.DUPLICATE, e.code());
    assertEquals(proposal.transactionId(), e.transactionId());
    assertEquals("1", fx.evaluate("Get", "counter"));
  }

  /**
   * Counts item/ keys, and while that simulation still runs, commits a Put of {@code key}: the
   * Put's block waits for the running simulation (it holds the snapshot), so the count is held
   * until then, and then validated after the Put committed.
   */
  private String rangeCountRacingWith(String key) throws Exception {
    CountDownLatch counted = new CountDownLatch(1);
    KvTestContract.afterRead =
        () -> {
          counted.countDown();
          while (!fx.ledger.blockWaiting() && !Thread.currentThread().isInterrupted()) {
            Thread.onSpinWait();
          }
        };
    Future<String> count = pool.submit(() -> fx.submit("CountRange", "item/", "item/~", "count"));
    counted.await();
    KvTestContract.afterRead = () -> {};
    fx.submit("Put", key, "y");
    try {
      return count.get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
