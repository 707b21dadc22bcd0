package io.edgemarket.ledger.embedded;

import static io.edgemarket.ledger.embedded.LedgerFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.SignedProposal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded MSP: only fresh proposals signed by a member of the ledger's CA get through. */
class EmbeddedLedgerIdentityTest {
  @TempDir Path dir;
  LedgerFixture fx;

  @BeforeEach
  void open() throws IOException {
    fx = new LedgerFixture(dir);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void aProposalWhoseArgumentsWereChangedAfterSigningIsRejected() {
    SignedProposal signed = put(fx.alice, "k", "10", now());
    SignedProposal forged =
        new SignedProposal(
            signed.mspId(),
            signed.creatorPem(),
            signed.transaction(),
            List.of("k", "1000000"),
            signed.nonce(),
            signed.timestamp(),
            signed.signature());
    assertUnauthenticated(forged);
    assertUnauthenticated(signed.withSignature("bm90IGEgc2lnbmF0dXJl"));
  }

  @Test
  void anIdentityFromAnotherCaIsRejectedEvenUnderTheSameMspId() {
    CertificateAuthority rogue = CertificateAuthority.create(LedgerFixture.MSP);
    assertUnauthenticated(put(rogue.enroll("mallory", Role.ADMIN), "k", "v", now()));
    CertificateAuthority other = CertificateAuthority.create("OtherMSP");
    assertUnauthenticated(put(other.enroll("bob", Role.CONSUMER), "k", "v", now()));
  }

  @Test
  void aProposalOutsideFiveMinutesOfTheLedgersClockIsRejected() throws Exception {
    long sixMinutes = Duration.ofMinutes(6).toMillis();
    assertUnauthenticated(put(fx.alice, "k", "v", now() - sixMinutes));
    assertUnauthenticated(put(fx.alice, "k", "v", now() + sixMinutes));
    long fourMinutes = Duration.ofMinutes(4).toMillis();
    fx.ledger.execute(put(fx.alice, "k", "v", now() - fourMinutes), true);
    assertEquals("v", fx.evaluate("Get", "k"));
  }

  @Test
  void rejectionsHappenBeforeTheChaincodeRunsAndWriteNothing() {
    assertUnauthenticated(put(fx.alice, "k", "v", now() - Duration.ofHours(1).toMillis()));
    assertEquals(1, fx.ledger.height());
  }

  @Test
  void aLedgerRefusesToOpenUnderAnotherCa() {
    fx.close();
    CertificateAuthority other = CertificateAuthority.create(LedgerFixture.MSP);
    IOException e = assertThrows(IOException.class, () -> EmbeddedLedger.open(dir, other));
    assertTrue(e.getMessage().contains("CA"), e.getMessage());
    fx = assertDoesNotThrowReopen();
  }

  private LedgerFixture assertDoesNotThrowReopen() {
    try {
      return new LedgerFixture(dir);
    } catch (IOException e) {
      throw new AssertionError("the ledger must still open under its own CA", e);
    }
  }

  private void assertUnauthenticated(SignedProposal proposal) {
    LedgerException e = failure(() -> fx.ledger.execute(proposal, true));
    assertEquals(Phase.ENDORSE, e.phase());
    assertEquals(ErrorCodes.UNAUTHENTICATED, e.code(), e.getMessage());
  }

  private static SignedProposal put(Identity who, String key, String value, long timestamp) {
    return SignedProposal.create(who, "kvtest:Put", List.of(key, value), timestamp);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
