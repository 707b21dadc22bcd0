package io.edgemarket.agent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every setting is checked where it is made, and the settings together at build(). */
class BuilderTest {
  @TempDir Path dataDir;
  private final Market market = new Market();

  @AfterEach
  void tearDown() {
    market.close();
  }

  @Test
  void settersRejectBadValues() {
    ProviderAgentBuilder b = ProviderAgent.builder();
    assertThrows(IllegalArgumentException.class, () -> b.broker(URI.create("relative/path")));
    assertThrows(IllegalArgumentException.class, () -> b.broker(URI.create("ftp://host/")));
    assertThrows(NullPointerException.class, () -> b.broker(null));
    assertThrows(IllegalArgumentException.class, () -> b.identity(market.consumer));
    assertThrows(IllegalArgumentException.class, () -> b.identity(market.broker));
    assertThrows(IllegalArgumentException.class, () -> b.cpuShareMillis(0));
    assertThrows(IllegalArgumentException.class, () -> b.memoryShareMb(-1));
    assertThrows(IllegalArgumentException.class, () -> b.maxConcurrency(0));
    assertThrows(IllegalArgumentException.class, () -> b.pricePerInvocation(-1));
    assertThrows(IllegalArgumentException.class, () -> b.pricePerMegaFuel(-1));
    assertThrows(IllegalArgumentException.class, () -> b.region(" "));
    assertThrows(IllegalArgumentException.class, () -> b.latitudeE6(90_000_001));
    assertThrows(IllegalArgumentException.class, () -> b.longitudeE6(-180_000_001));
    assertThrows(IllegalArgumentException.class, () -> b.bindHost(""));
    assertThrows(IllegalArgumentException.class, () -> b.port(65_536));
    assertThrows(IllegalArgumentException.class, () -> b.heartbeatInterval(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> b.offerTtl(Duration.ofMillis(10)));
    assertThrows(NullPointerException.class, () -> b.ledger(null));
    assertThrows(NullPointerException.class, () -> b.capacityProbe(null));
  }

  @Test
  void buildNeedsTheRequiredSettings() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProviderAgent.builder().build());
    assertTrue(e.getMessage().contains("required"), e.getMessage());
  }

  @Test
  void completeSettingsBuild() {
    assertDoesNotThrow(() -> market.agent(dataDir).build().close());
  }

  @Test
  void theSystemProbeReadsThisMachine() {
    CapacityProbe.Capacity capacity = CapacityProbe.system().measure();
    assertTrue(capacity.idleCpuMillis() <= Runtime.getRuntime().availableProcessors() * 1000);
    assertTrue(capacity.freeMemoryMb() > 0, "some memory is free");
  }

  @Test
  void anIdentityFromAnotherMarketIsRefused() {
    CertificateAuthority other = CertificateAuthority.create("OtherMSP");
    ProviderAgentBuilder b =
        market.agent(dataDir).identity(other.enroll("provider-9", Role.PROVIDER));
    assertThrows(IllegalArgumentException.class, b::build);
  }

  @Test
  void theLedgerMustActAsTheProvider() {
    ProviderAgentBuilder b = market.agent(dataDir).ledger(new FakeLedger(market.consumer));
    assertThrows(IllegalArgumentException.class, b::build);
  }

  @Test
  void theOfferMustOutliveSeveralHeartbeats() {
    ProviderAgentBuilder b =
        market
            .agent(dataDir)
            .heartbeatInterval(Duration.ofSeconds(2))
            .offerTtl(Duration.ofSeconds(5));
    assertThrows(IllegalArgumentException.class, b::build);
  }
}
