package io.edgemarket.ledger.embedded;

import static io.edgemarket.ledger.embedded.LedgerFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.ledger.Endorsement;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerTrust;
import io.edgemarket.model.ledger.SignedProposal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger endorses its answers; a client checking them tells a made-up answer apart. */
class EndorsementTest {
  @TempDir Path dir;
  LedgerFixture fx;
  LedgerTrust trust;

  @BeforeEach
  void open() throws Exception {
    fx = new LedgerFixture(dir);
    fx.submit("Put", "balance", "100");
    trust = new LedgerTrust(List.of(LedgerFixture.CA.certificate()), null);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void anEvaluationIsEndorsedAtTheHeightItRead() throws Exception {
    SignedProposal get = proposal("kvtest:Get", "balance");
    Endorsement.Answer answer = fx.ledger.executeEndorsed(get, false);
    assertEquals("100", answer.result());
    trust.verify(answer.endorsement(), get, answer.result(), false);
    assertEquals(fx.ledger.height(), answer.endorsement().height());
    assertEquals(fx.ledger.checkpoint().lastHash(), answer.endorsement().lastHash());
    assertEquals(
        LedgerFixture.CA.certificate().getSubjectX500Principal(),
        trust.pinned().getIssuerX500Principal());

    LedgerException made =
        failure(
            () -> {
              trust.verify(answer.endorsement(), get, "1000000", false);
              return null;
            });
    assertEquals(ErrorCodes.BAD_SIGNATURE, made.code());
    assertTrue(made.getMessage().contains("not the one the ledger endorsed"), made.getMessage());
  }

  @Test
  void aSubmissionIsEndorsedAsCommitted() throws Exception {
    SignedProposal put = proposal("kvtest:Put", "balance", "5");
    Endorsement.Answer answer = fx.ledger.executeEndorsed(put, true);
    trust.verify(answer.endorsement(), put, answer.result(), true);
    assertEquals(
        ErrorCodes.BAD_SIGNATURE,
        failure(
                () -> {
                  trust.verify(answer.endorsement(), put, answer.result(), false);
                  return null;
                })
            .code());
  }

  @Test
  void anEndorsementByAnotherOrdererOfTheSameCaIsRefusedOncePinned() throws Exception {
    SignedProposal get = proposal("kvtest:Get", "balance");
    trust.verify(fx.ledger.executeEndorsed(get, false).endorsement(), get, "100", false);
    var impostor = LedgerFixture.CA.enroll("embedded-ledger", Role.ORDERER);
    Endorsement forged =
        Endorsement.sign(impostor, fx.ledger.checkpoint().ledgerId(), get, "999", false, 9, "00");
    LedgerException e =
        failure(
            () -> {
              trust.verify(forged, get, "999", false);
              return null;
            });
    assertEquals(ErrorCodes.BAD_SIGNATURE, e.code());
    assertTrue(e.getMessage().contains("pinned"), e.getMessage());

    var stranger = CertificateAuthority.create(LedgerFixture.MSP).enroll("x", Role.ORDERER);
    LedgerTrust fresh = new LedgerTrust(List.of(LedgerFixture.CA.certificate()), null);
    Endorsement foreign = Endorsement.sign(stranger, "id", get, "999", false, 9, "00");
    assertTrue(
        failure(
                () -> {
                  fresh.verify(foreign, get, "999", false);
                  return null;
                })
            .getMessage()
            .contains("not issued by the market CA"));
  }

  private SignedProposal proposal(String transaction, String... args) {
    return SignedProposal.create(fx.alice, transaction, List.of(args), System.currentTimeMillis());
  }
}
