package io.edgemarket.ledger.embedded;

import static io.edgemarket.ledger.embedded.LedgerFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ledger of two organisations accepts both MSPs, each against its own root, and no other. */
class MembershipTest {
  static final CertificateAuthority PROVIDERS = CertificateAuthority.create("ProvidersOrgMSP");
  static final CertificateAuthority CONSUMERS = CertificateAuthority.create("ConsumersOrgMSP");

  @TempDir Path dir;

  @Test
  void proposalsFromBothMemberOrganisationsAreAcceptedAndAThirdIsNot() throws Exception {
    TrustRoots members = TrustRoots.of(PROVIDERS).and(CONSUMERS);
    try (EmbeddedLedger ledger = EmbeddedLedger.open(dir, CONSUMERS, members)) {
      Identity provider = PROVIDERS.enroll("provider-1", Role.PROVIDER);
      Identity consumer = CONSUMERS.enroll("consumer-1", Role.CONSUMER);
      new EmbeddedGateway(ledger, provider).submit("kvtest:Put", "p", "from providers");
      new EmbeddedGateway(ledger, consumer).submit("kvtest:Put", "c", "from consumers");
      assertEquals(
          "from providers", new EmbeddedGateway(ledger, consumer).evaluate("kvtest:Get", "p"));

      CertificateAuthority stranger = CertificateAuthority.create("StrangersMSP");
      LedgerException e =
          failure(
              () ->
                  new EmbeddedGateway(ledger, stranger.enroll("mallory", Role.ADMIN))
                      .submit("kvtest:Put", "p", "taken"));
      assertEquals(ErrorCodes.UNAUTHENTICATED, e.code());
      assertTrue(e.getMessage().contains("StrangersMSP"), e.getMessage());

      // A member's MSP id with a certificate of the other member's CA: checked against its own.
      CertificateAuthority rogue = CertificateAuthority.create("ProvidersOrgMSP");
      Identity forged = rogue.enroll("provider-2", Role.ADMIN);
      assertEquals(
          ErrorCodes.UNAUTHENTICATED,
          failure(() -> new EmbeddedGateway(ledger, forged).submit("kvtest:Put", "p", "x")).code());
      assertEquals(
          "from providers", new EmbeddedGateway(ledger, consumer).evaluate("kvtest:Get", "p"));
      // The ledger's own signer stays with its own CA.
      assertEquals("embedded-ledger@ConsumersOrgMSP", ledger.verifyLog().signer());
    }
  }
}
