package io.edgemarket.model.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustRootsTest {
  private static final CertificateAuthority PROVIDERS = CertificateAuthority.create("ProvidersMSP");
  private static final CertificateAuthority CONSUMERS = CertificateAuthority.create("ConsumersMSP");
  private final TrustRoots roots = TrustRoots.of(PROVIDERS).and(CONSUMERS);

  @Test
  void namesTheMspWhoseRootIssuedACertificate() {
    var provider = PROVIDERS.enroll("p1", Role.PROVIDER).certificate();
    var consumer = CONSUMERS.enroll("c1", Role.CONSUMER).certificate();
    assertEquals(Optional.of("ProvidersMSP"), roots.mspOf(provider));
    assertEquals(Optional.of("ConsumersMSP"), roots.mspOf(consumer));
    assertTrue(roots.trusts(provider, "ProvidersMSP"));
    assertFalse(roots.trusts(provider, "ConsumersMSP"), "a root vouches only for its own MSP");
    assertEquals(List.of("ProvidersMSP", "ConsumersMSP"), List.copyOf(roots.mspIds()));
  }

  @Test
  void trustsNoCertificateFromAnotherCa() {
    var stranger = CertificateAuthority.create("ProvidersMSP").enroll("p", Role.PROVIDER);
    assertFalse(roots.trusts(stranger.certificate()));
    assertEquals(Optional.empty(), roots.mspOf(stranger.certificate()));
    assertFalse(roots.trusts(stranger.certificate(), "NoSuchMSP"));
  }

  @Test
  void refusesASecondRootForOneMspAndBlankIds() {
    var other = CertificateAuthority.create("ProvidersMSP");
    assertThrows(IllegalArgumentException.class, () -> roots.and(other));
    assertEquals(roots.mspIds(), roots.and(PROVIDERS).mspIds(), "the same root again is a no-op");
    assertThrows(IllegalArgumentException.class, () -> TrustRoots.of(" ", PROVIDERS.certificate()));
  }
}
