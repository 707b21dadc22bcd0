package io.edgemarket.ledger.embedded;

import static io.edgemarket.ledger.embedded.LedgerFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.SignedProposal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, attack 6: a signed proposal that lost an MVCC race is recorded as invalid, as Fabric
 * records it, so replaying it later (when it would now commit) fails as a duplicate, before and
 * after a restart.
 */
@Timeout(120)
class ReplayOfAFailedTransactionTest {
  @TempDir Path dir;
  final ExecutorService pool = Executors.newFixedThreadPool(2);
  LedgerFixture fx;

  @AfterEach
  void close() {
    KvTestContract.afterRead = () -> {};
    pool.shutdownNow();
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void theLoserOfAnMvccRaceCannotBeReplayed() throws Exception {
    fx = new LedgerFixture(dir);
    long now = System.currentTimeMillis();
    List<SignedProposal> racing = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      racing.add(SignedProposal.create(fx.alice, "kvtest:Increment", List.of("counter"), now));
    }
    CyclicBarrier bothRead = new CyclicBarrier(2);
    KvTestContract.afterRead =
        () -> {
          try {
            bothRead.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    List<Future<String>> runs = new ArrayList<>();
    for (SignedProposal proposal : racing) {
      runs.add(pool.submit(() -> fx.ledger.execute(proposal, true)));
    }
    SignedProposal loser = null;
    for (int i = 0; i < 2; i++) {
      try {
        assertEquals("1", runs.get(i).get());
      } catch (ExecutionException e) {
        LedgerException conflict = (LedgerException) e.getCause();
        assertEquals(Phase.COMMIT, conflict.phase());
        assertEquals(ErrorCodes.MVCC_READ_CONFLICT, conflict.code());
        loser = racing.get(i);
      }
    }
    assertNotNull(loser, "one of the two increments must lose the race");
    KvTestContract.afterRead = () -> {};
    assertEquals("1", fx.evaluate("Get", "counter"));
    assertEquals(1, fx.ledger.verifyLog().rejected());

    SignedProposal replayed = loser; // the very bytes its creator signed
    LedgerException again = failure(() -> fx.ledger.execute(replayed, true));
    assertEquals(Phase.ENDORSE, again.phase());
    assertEquals(ErrorCodes.DUPLICATE, again.code());
    assertEquals(loser.transactionId(), again.transactionId());
    assertEquals("1", fx.evaluate("Get", "counter"));

    fx.reopen(); // the invalid transaction is in the log, so replay rebuilds its id
    LedgerException afterRestart = failure(() -> fx.ledger.execute(replayed, true));
    assertEquals(Phase.ENDORSE, afterRestart.phase());
    assertEquals(ErrorCodes.DUPLICATE, afterRestart.code());
    assertEquals("1", fx.evaluate("Get", "counter"));
    assertEquals(1, fx.ledger.verifyLog().rejected());
    assertEquals(1, fx.ledger.verifyLog().transactions());
  }

  @Test
  void aBlockWithoutInvalidTransactionsIsWrittenAsBefore() throws Exception {
    fx = new LedgerFixture(dir);
    fx.submit("Put", "a", "1");
    String log = java.nio.file.Files.readString(dir.resolve(BlockLog.FILE));
    assertEquals(-1, log.indexOf("\"invalid\""), log);
  }
}
