package io.edgemarket.bridge.service;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.bridge.EvmChain;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Identity;
import io.edgemarket.model.ledger.LedgerGateway;
import io.edgemarket.testing.Anvil;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** The builder refuses each bad setting as it is given, and a build without the required ones. */
class BridgeServiceBuilderTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("EdgeMarketMSP");

  /** A gateway that only names its identity: the builder reads nothing else. */
  private record Named(Identity identity) implements LedgerGateway {
    @Override
    public String submit(String transaction, String... args) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String evaluate(String transaction, String... args) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  @Test
  void eachSettingIsCheckedAndTheRequiredOnesMustBeGiven() {
    BridgeService.Builder b = BridgeService.builder();
    assertThrows(NullPointerException.class, () -> b.chain(null));
    assertThrows(IllegalArgumentException.class, () -> b.escrow("0x1234"));
    assertThrows(IllegalArgumentException.class, () -> b.escrow(null));
    IllegalArgumentException consumer =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.ledger(new Named(CA.enroll("alice", Role.CONSUMER))));
    assertTrue(consumer.getMessage().contains("role bridge"), consumer.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.confirmations(-1));
    assertThrows(IllegalArgumentException.class, () -> b.anchorEveryBatches(0));
    assertThrows(IllegalArgumentException.class, () -> b.pollInterval(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.pollInterval(Duration.ofHours(2)));
    assertThrows(IllegalArgumentException.class, () -> b.startBlock(-1));
    assertThrows(IllegalArgumentException.class, () -> b.maxBlockRange(0));
    assertThrows(IllegalStateException.class, b::build, "nothing required given");

    try (EvmChain chain =
        EvmChain.builder()
            .rpcUrl("http://127.0.0.1:8545")
            .credentials(Credentials.create(Anvil.DEV_PRIVATE_KEYS.get(0)))
            .chainId(Anvil.CHAIN_ID)
            .build()) {
      b.chain(chain).escrow("0x5FbDB2315678afecb367f032d93F642f64180aa3");
      assertThrows(IllegalStateException.class, b::build, "no ledger");
      b.ledger(new Named(CA.enroll("bridge", Role.BRIDGE)));
      try (BridgeService service = b.build()) {
        assertTrue(!service.isRunning());
      }
    }
  }
}
