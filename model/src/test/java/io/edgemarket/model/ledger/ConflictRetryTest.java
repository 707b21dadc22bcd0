package io.edgemarket.model.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {
  private static final Identity ALICE =
      CertificateAuthority.create("TestMSP").enroll("alice", Role.CONSUMER);

  /** Answers each submission with the next scripted outcome: a code to fail with, or "ok". */
  private static final class Scripted implements LedgerGateway {
    final Deque<String> outcomes;
    final List<String> submitted = new ArrayList<>();

    final LedgerException.Phase phase;

    Scripted(String... outcomes) {
      this(LedgerException.Phase.COMMIT, outcomes);
    }

    Scripted(LedgerException.Phase phase, String... outcomes) {
      this.phase = phase;
      this.outcomes = new ArrayDeque<>(List.of(outcomes));
    }

    @Override
    public Identity identity() {
      return ALICE;
    }

    @Override
    public String submit(String transaction, String... args) throws LedgerException {
      submitted.add(transaction);
      String outcome = outcomes.removeFirst();
      if (!outcome.equals("ok")) {
        throw new LedgerException(phase, outcome, "tx", outcome);
      }
      return "done " + String.join(",", args);
    }

    @Override
    public String evaluate(String transaction, String... args) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  @Test
  void aLostRaceIsSubmittedAgainUntilItCommits() throws Exception {
    Scripted ledger =
        new Scripted(ErrorCodes.MVCC_READ_CONFLICT, ErrorCodes.MVCC_READ_CONFLICT, "ok");
    assertEquals("done a,b", ConflictRetry.submit(ledger, "tx:Do", "a", "b"));
    assertEquals(3, ledger.submitted.size());
  }

  @Test
  void aCallerMayAllowMoreAttemptsThanTheDefault() throws Exception {
    String[] outcomes = new String[ConflictRetry.ATTEMPTS + 3];
    java.util.Arrays.fill(outcomes, ErrorCodes.MVCC_READ_CONFLICT);
    outcomes[outcomes.length - 1] = "ok";
    Scripted ledger = new Scripted(outcomes);
    assertEquals("done a", ConflictRetry.submit(ledger, ConflictRetry.ATTEMPTS + 3, "tx:Do", "a"));
    assertEquals(ConflictRetry.ATTEMPTS + 3, ledger.submitted.size());

    Scripted once = new Scripted(ErrorCodes.MVCC_READ_CONFLICT, "ok");
    LedgerException e =
        assertThrows(LedgerException.class, () -> ConflictRetry.submit(once, 1, "tx:Do"));
    assertEquals(ErrorCodes.MVCC_READ_CONFLICT, e.code());
    assertEquals(1, once.submitted.size());
  }

  @Test
  void otherFailuresAreNotRetried() {
    Scripted ledger = new Scripted(ErrorCodes.DUPLICATE, "ok");
    LedgerException e =
        assertThrows(LedgerException.class, () -> ConflictRetry.submit(ledger, "tx:Do"));
    assertEquals(ErrorCodes.DUPLICATE, e.code());
    assertEquals(1, ledger.submitted.size());
  }

  @Test
  void aConflictThatPersistsIsReportedAfterTheLastAttempt() {
    String[] conflicts = new String[ConflictRetry.ATTEMPTS + 1];
    java.util.Arrays.fill(conflicts, ErrorCodes.MVCC_READ_CONFLICT);
    Scripted ledger = new Scripted(conflicts);
    LedgerException e =
        assertThrows(LedgerException.class, () -> ConflictRetry.submit(ledger, "tx:Do"));
    assertEquals(ErrorCodes.MVCC_READ_CONFLICT, e.code());
    assertEquals(ConflictRetry.ATTEMPTS, ledger.submitted.size());
  }

  @Test
  void afterAWriteALaggingEndorserIsAskedAgainButOnlyThere() throws Exception {
    Scripted lagging = new Scripted(LedgerException.Phase.ENDORSE, ErrorCodes.NOT_REGISTERED, "ok");
    assertEquals("done a", ConflictRetry.submitAfterWrite(lagging, "tx:Do", "a"));
    assertEquals(2, lagging.submitted.size());

    Scripted plain = new Scripted(LedgerException.Phase.ENDORSE, ErrorCodes.NOT_REGISTERED, "ok");
    LedgerException e =
        assertThrows(LedgerException.class, () -> ConflictRetry.submit(plain, "tx:Do"));
    assertEquals(ErrorCodes.NOT_REGISTERED, e.code(), "a plain submit does not wait for peers");

    String[] unknown = new String[ConflictRetry.ATTEMPTS + 1];
    java.util.Arrays.fill(unknown, ErrorCodes.NOT_REGISTERED);
    Scripted never = new Scripted(LedgerException.Phase.ENDORSE, unknown);
    e = assertThrows(LedgerException.class, () -> ConflictRetry.submitAfterWrite(never, "tx:Do"));
    assertEquals(ErrorCodes.NOT_REGISTERED, e.code(), "an unknown name is still reported");
    assertEquals(ConflictRetry.ATTEMPTS, never.submitted.size());
  }
}
