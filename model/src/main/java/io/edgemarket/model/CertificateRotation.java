package io.edgemarket.model;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Identity;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/**
 * A participant's statement, signed with its registered (old) key, that {@code newCertificatePem}
 * replaces its certificate. The new certificate submits it, so an expired enrolment can be renewed
 * (the old key still signs, though Fabric no longer accepts its certificate), while nobody without
 * the old key can take over the account.
 */
public record CertificateRotation(
    String participantId, String newCertificatePem, String signature) {
  public static final String DOMAIN = "edgemarket/rotate/v1";

  public static CertificateRotation sign(Identity old, String newCertificatePem) {
    CertificateRotation unsigned = new CertificateRotation(old.id(), newCertificatePem, null);
    return new CertificateRotation(
        old.id(),
        newCertificatePem,
        Base64.getEncoder().encodeToString(old.sign(unsigned.signingPayload())));
  }

  public byte[] signingPayload() {
    return String.join(
            "\n",
            DOMAIN,
            String.valueOf(participantId),
            Crypto.sha256Hex(String.valueOf(newCertificatePem)))
        .getBytes(StandardCharsets.UTF_8);
  }

  public boolean verify(PublicKey oldKey) {
    return Signatures.verify(oldKey, signingPayload(), signature);
  }
}
