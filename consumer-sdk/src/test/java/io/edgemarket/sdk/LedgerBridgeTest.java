package io.edgemarket.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.json.Json;
import io.edgemarket.model.ledger.BridgeRecords.Withdrawal;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A withdrawal request that loses an MVCC race with the bridge's pass over its chain's record (on
 * Fabric, every block or so) committed nothing and is sent again; any other refusal is the caller's
 * at once.
 */
class LedgerBridgeTest {
  private static final Identity ALICE =
      CertificateAuthority.create("TestMSP").enroll("alice", Role.PROVIDER);

  /** Fails the first {@code failures} submissions with {@code code}, then answers a withdrawal. */
  private static final class Racing implements LedgerGateway {
    final List<String> submitted = new ArrayList<>();
    final int failures;
    final String code;

    Racing(int failures, String code) {
      this.failures = failures;
      this.code = code;
    }

    @Override
    public Identity identity() {
      return ALICE;
    }

    @Override
    public String submit(String transaction, String... args) throws LedgerException {
      submitted.add(transaction);
      if (submitted.size() <= failures) {
        throw new LedgerException(LedgerException.Phase.COMMIT, code, "tx", code);
      }
      return Json.write(
          new Withdrawal(
              "w1",
              ALICE.id(),
              31337,
              args[1],
              Long.parseLong(args[0]),
              Withdrawal.PENDING,
              1L,
              1,
              1,
              1L,
              null,
              null));
    }

    @Override
    public String evaluate(String transaction, String... args) {
      throw new UnsupportedOperationException(transaction);
    }

    @Override
    public void close() {}
  }

  @Test
  void aRequestThatLostRacesWithTheBridgeIsSentAgainUntilItCommits() throws Exception {
    Racing ledger = new Racing(8, ErrorCodes.MVCC_READ_CONFLICT);
    Withdrawal w = Bridge.of(ledger).requestWithdrawal(50, "0xabc", 31337);
    assertEquals(Withdrawal.PENDING, w.status());
    assertEquals(50, w.amount());
    assertEquals(9, ledger.submitted.size());
    assertEquals(Transactions.REQUEST_WITHDRAWAL, ledger.submitted.get(0));
  }

  @Test
  void aRaceLostEveryTimeIsReportedAfterTheLastAttempt() {
    Racing ledger = new Racing(Integer.MAX_VALUE, ErrorCodes.MVCC_READ_CONFLICT);
    BridgeException e =
        assertThrows(
            BridgeException.class, () -> Bridge.of(ledger).requestWithdrawal(50, "0xabc", 31337));
    assertEquals(ErrorCodes.MVCC_READ_CONFLICT, e.code());
    assertEquals(LedgerBridge.ATTEMPTS, ledger.submitted.size());
  }

  @Test
  void aRefusalIsNotSentAgain() {
    Racing ledger = new Racing(1, ErrorCodes.INSUFFICIENT_FUNDS);
    BridgeException e =
        assertThrows(BridgeException.class, () -> Bridge.of(ledger).releaseWithdrawal("w1"));
    assertEquals(ErrorCodes.INSUFFICIENT_FUNDS, e.code());
    assertEquals(1, ledger.submitted.size());
  }
}
