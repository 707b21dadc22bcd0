package io.edgemarket.model.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgemarket.model.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  private final CertificateAuthority ca = CertificateAuthority.create("EdgeMarketMSP");

  @Test
  void enrolledIdentityCarriesNameRoleAndIsTrusted() {
    Identity provider = ca.enroll("provider-1", Role.PROVIDER);
    assertEquals("provider-1@EdgeMarketMSP", provider.id());
    assertEquals(Role.PROVIDER, provider.role());
    assertTrue(ca.trusts(provider.certificate()));
  }

  @Test
  void participantsAreFabricClientsWhateverTheirMarketRole() {
    for (Role role : Role.values()) {
      String subject =
          ca.enroll("p-" + role, role).certificate().getSubjectX500Principal().getName();
      assertTrue(subject.contains("OU=client"), subject);
    }
  }

  @Test
  void anotherAuthoritysCertificateIsNotTrusted() {
    Identity stranger = CertificateAuthority.create("EdgeMarketMSP").enroll("x", Role.ADMIN);
    assertFalse(ca.trusts(stranger.certificate()));
  }

  @Test
  void roleAttributeUsesFabricCaExtension() {
    Identity auditor = ca.enroll("auditor", Role.AUDITOR);
    byte[] ext = auditor.certificate().getExtensionValue(Certificates.FABRIC_ATTRIBUTES_OID);
    String json = new String(ext, StandardCharsets.UTF_8);
    assertTrue(json.contains("{\"attrs\":{\"edgemarket.role\":\"auditor\"}}"), json);
  }

  @Test
  void signaturesVerifyOnlyForTheSignedBytes() {
    Identity consumer = ca.enroll("consumer", Role.CONSUMER);
    byte[] data = "pay 10".getBytes(StandardCharsets.UTF_8);
    byte[] signature = consumer.sign(data);
    assertTrue(Crypto.verify(consumer.certificate().getPublicKey(), data, signature));
    byte[] other = "pay 99".getBytes(StandardCharsets.UTF_8);
    assertFalse(Crypto.verify(consumer.certificate().getPublicKey(), other, signature));
    assertFalse(Crypto.verify(consumer.certificate().getPublicKey(), data, new byte[] {1, 2}));
  }

  @Test
  void rejectsUnsafeParticipantNames() {
    var key = Crypto.newKeyPair().getPublic();
    assertThrows(IllegalArgumentException.class, () -> ca.issue("a,b=c", Role.CONSUMER, key));
    assertThrows(IllegalArgumentException.class, () -> ca.issue("", Role.CONSUMER, key));
  }

  @Test
  void identityAndAuthoritySurviveDiskRoundTripWithPrivateKeyFiles(@TempDir Path dir)
      throws Exception {
    CertificateAuthority saved = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "M");
    CertificateAuthority loaded = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "M");
    assertEquals(saved.certificate(), loaded.certificate());

    Identity broker = loaded.enroll("broker", Role.BROKER);
    broker.save(dir.resolve("broker"));
    Identity back = Identity.load(dir.resolve("broker"));
    assertEquals(broker.id(), back.id());
    byte[] data = {42};
    assertTrue(Crypto.verify(broker.certificate().getPublicKey(), data, back.sign(data)));
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(dir.resolve("broker/key.pem")));
  }

  @Test
  void loadingAMissingIdentityNamesTheDirectory(@TempDir Path dir) {
    var error = assertThrows(java.io.IOException.class, () -> Identity.load(dir));
    assertTrue(error.getMessage().contains(dir.toString()));
  }
}
