package io.edgemarket.model.crypto;

import io.edgemarket.model.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A participant's signing identity: an MSP id, a certificate and its private key. The key never
 * leaves this object except to be written, owner-readable only, to the participant's own directory.
 */
public final class Identity {
  private final String mspId;
  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final String id;
  private final Role role;
  private final String certificatePem;

  public Identity(String mspId, X509Certificate certificate, PrivateKey privateKey) {
    this.mspId = Objects.requireNonNull(mspId, "mspId");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.id = Certificates.participantId(Certificates.commonName(certificate), mspId);
    this.role = Certificates.role(certificate);
    this.certificatePem = Pem.encode(certificate);
  }

  /** Reads {@code cert.pem}, {@code key.pem} and {@code msp-id} from a participant directory. */
  public static Identity load(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve("cert.pem"))) {
      throw new IOException("no identity in " + dir + " (expected cert.pem, key.pem, msp-id)");
    }
    return new Identity(
        Files.readString(dir.resolve("msp-id")).trim(),
        Pem.certificate(Files.readString(dir.resolve("cert.pem"))),
        Pem.privateKey(Files.readString(dir.resolve("key.pem"))));
  }

  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("msp-id"), mspId + "\n");
    Files.writeString(dir.resolve("cert.pem"), certificatePem);
    writePrivate(dir.resolve("key.pem"), Pem.encode(privateKey));
  }

  public byte[] sign(byte[] data) {
    return Crypto.sign(privateKey, data);
  }

  /** {@code CN@MSPID}. */
  public String id() {
    return id;
  }

  public Role role() {
    return role;
  }

  public String mspId() {
    return mspId;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return certificatePem;
  }

  @Override
  public String toString() {
    return "Identity[" + id + ", " + role.attributeValue() + "]";
  }

  static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, content);
  }
}
