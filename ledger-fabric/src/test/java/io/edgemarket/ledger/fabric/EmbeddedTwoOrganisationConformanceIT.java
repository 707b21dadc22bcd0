package io.edgemarket.ledger.fabric;

import io.edgemarket.ledger.embedded.EmbeddedGateway;
import io.edgemarket.ledger.embedded.EmbeddedLedger;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.TrustRoots;
import io.edgemarket.model.ledger.LedgerGateway;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance scenarios on an embedded ledger whose members are two organisations, as on the
 * Fabric network: providers enrol with the providers' cooperative, everyone else with the
 * consumers' organisation, and both govern. The governance attacks (a CA writing a role its
 * organisation may not grant, one organisation minting alone) only mean something here and on
 * Fabric.
 */
class EmbeddedTwoOrganisationConformanceIT extends DisputeConformance {
  @TempDir static Path dir;

  @Override
  protected Market.Backend openBackend() throws Exception {
    CertificateAuthority ledgerCa = CertificateAuthority.create("EdgeMarketMSP");
    CertificateAuthority providers = CertificateAuthority.create("ProvidersOrgMSP");
    CertificateAuthority consumers = CertificateAuthority.create("ConsumersOrgMSP");
    EmbeddedLedger ledger =
        EmbeddedLedger.open(dir, ledgerCa, TrustRoots.of(providers).and(consumers));
    return new Market.Backend() {
      private CertificateAuthority caFor(Role role) {
        return role == Role.PROVIDER ? providers : consumers;
      }

      @Override
      public Identity enroll(String name, Role role) {
        return caFor(role).enroll(name, role);
      }

      @Override
      public Identity enrollAt(Role caOf, String name, Role role) {
        return caFor(caOf).enroll(name, role);
      }

      @Override
      public String mspFor(Role role) {
        return caFor(role).mspId();
      }

      @Override
      public LedgerGateway gateway(Identity identity) {
        return new EmbeddedGateway(ledger, identity);
      }

      @Override
      public void close() {
        ledger.close();
      }
    };
  }
}
