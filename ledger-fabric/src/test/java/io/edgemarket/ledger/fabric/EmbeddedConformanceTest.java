package io.edgemarket.ledger.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edgemarket.ledger.embedded.EmbeddedGateway;
import io.edgemarket.ledger.embedded.EmbeddedLedger;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.ErrorCodes;
import io.edgemarket.model.ledger.LedgerException;
import io.edgemarket.model.ledger.LedgerException.Phase;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.model.ledger.Transactions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance scenarios on the broker's embedded ledger. It loads the chaincode shim's gRPC and
 * protobuf classes into the same JVM as this module's gateway client, so it is also the test that
 * the two stacks resolve to one gRPC and one protobuf without clashing (brief §4).
 */
class EmbeddedConformanceTest extends DisputeConformance {
  @TempDir static Path dir;

  @Override
  protected Market.Backend openBackend() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");
    EmbeddedLedger ledger = EmbeddedLedger.open(dir, ca);
    return new Market.Backend() {
      @Override
      public Identity enroll(String name, Role role) {
        return ca.enroll(name, role);
      }

      @Override
      public Identity enrollAt(Role caOf, String name, Role role) {
        return ca.enroll(name, role);
      }

      @Override
      public String mspFor(Role role) {
        return ca.mspId();
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

  /** The gateway client's stack (grpc-netty-shaded, fabric-protos) next to the shim's. */
  @Test
  void theGatewayClientLinksBesideTheEmbeddedLedgerAndReportsAnUnreachablePeer() throws Exception {
    Path tlsCa = dir.resolve("tls-ca.pem");
    Files.writeString(tlsCa, Pem.encode(CertificateAuthority.create("TlsMSP").certificate()));
    Identity someone = CertificateAuthority.create("OtherMSP").enroll("someone", Role.AUDITOR);
    try (FabricLedgerGateway gateway =
        FabricLedgerGateway.builder()
            .endpoint("127.0.0.1:1")
            .tlsCaCertificate(tlsCa)
            .identity(someone)
            .build()) {
      LedgerException e = Market.failure(() -> gateway.evaluate(Transactions.GET_CONFIG));
      assertEquals(Phase.CONNECT, e.phase(), e.getMessage());
      assertEquals(ErrorCodes.UNAVAILABLE, e.code());
      LedgerException s = Market.failure(() -> gateway.submit(Transactions.GET_CONFIG));
      assertEquals(Phase.CONNECT, s.phase(), s.getMessage());
    }
    // ... and the embedded ledger still answers in the same JVM.
    assertEquals(0, market.balance(market.auditor));
  }
}
