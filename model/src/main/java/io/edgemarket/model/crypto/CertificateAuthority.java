package io.edgemarket.model.crypto;

import io.edgemarket.model.Role;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The market's local certificate authority (the embedded backend's MSP root). With the Fabric
 * backend the consortium's Fabric CA plays this part; certificates have the same shape.
 */
public final class CertificateAuthority {
  private static final Duration VALIDITY = Duration.ofDays(3650);
  // A broker's TLS certificate is issued anew at every start, so it need not outlive a year.
  private static final Duration SERVER_VALIDITY = Duration.ofDays(365);
  private static final SecureRandom SERIALS = new SecureRandom();

  private final String mspId;
  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(String mspId, X509Certificate certificate, PrivateKey key) {
    this.mspId = Objects.requireNonNull(mspId, "mspId");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.key = Objects.requireNonNull(key, "key");
  }

  public static CertificateAuthority create(String mspId) {
    KeyPair pair = Crypto.newKeyPair();
    var subject = Certificates.subject("ca." + mspId, mspId, null);
    try {
      X509v3CertificateBuilder builder = builder(subject, subject, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new CertificateAuthority(mspId, sign(builder, pair.getPrivate()), pair.getPrivate());
    } catch (CertIOException e) {
      throw new IllegalStateException("could not build CA certificate", e);
    }
  }

  /** Loads the CA from {@code dir}, creating and saving a new one there if none exists. */
  public static CertificateAuthority loadOrCreate(Path dir, String mspId) throws IOException {
    Path cert = dir.resolve("ca-cert.pem");
    if (Files.exists(cert)) {
      return new CertificateAuthority(
          mspId,
          Pem.certificate(Files.readString(cert)),
          Pem.privateKey(Files.readString(dir.resolve("ca-key.pem"))));
    }
    CertificateAuthority created = create(mspId);
    Files.createDirectories(dir);
    Files.writeString(cert, Pem.encode(created.certificate));
    Identity.writePrivate(dir.resolve("ca-key.pem"), Pem.encode(created.key));
    return created;
  }

  /** Issues a certificate for a participant, with its role as a Fabric CA attribute. */
  public X509Certificate issue(String commonName, Role role, PublicKey publicKey) {
    Objects.requireNonNull(role, "role");
    if (commonName == null || !commonName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new IllegalArgumentException(
          "participant name must be 1-63 letters, digits, '.', '_' or '-': " + commonName);
    }
    var subject = Certificates.subject(commonName, mspId, role);
    String attributes =
        "{\"attrs\":{\"" + Certificates.ROLE_ATTRIBUTE + "\":\"" + role.attributeValue() + "\"}}";
    try {
      X509v3CertificateBuilder builder =
          builder(certificate.getSubjectX500Principal(), subject, publicKey);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          new ASN1ObjectIdentifier(Certificates.FABRIC_ATTRIBUTES_OID),
          false,
          attributes.getBytes(StandardCharsets.UTF_8));
      return sign(builder, key);
    } catch (CertIOException e) {
      throw new IllegalStateException("could not build certificate for " + commonName, e);
    }
  }

  /**
   * Issues a TLS server certificate naming {@code hosts} (DNS names or IP addresses) as its subject
   * alternative names, which is what clients check the host they dialled against. It carries no
   * role, so it can never pass as a participant's certificate.
   */
  public X509Certificate issueServer(String commonName, List<String> hosts, PublicKey publicKey) {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one host name");
    }
    GeneralName[] names = new GeneralName[hosts.size()];
    for (int i = 0; i < names.length; i++) {
      String host = hosts.get(i).replaceAll("^\\[|]$", "");
      boolean ip = host.matches("[0-9.]+") || host.contains(":");
      names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host);
    }
    var subject =
        new javax.security.auth.x500.X500Principal("CN=" + commonName + ",OU=server,O=" + mspId);
    try {
      X509v3CertificateBuilder builder =
          builder(certificate.getSubjectX500Principal(), subject, publicKey, SERVER_VALIDITY);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      return sign(builder, key);
    } catch (CertIOException e) {
      throw new IllegalStateException("could not build server certificate for " + hosts, e);
    }
  }

  /** A new key pair and certificate for a participant of this CA's organisation. */
  public Identity enroll(String commonName, Role role) {
    KeyPair pair = Crypto.newKeyPair();
    return new Identity(mspId, issue(commonName, role, pair.getPublic()), pair.getPrivate());
  }

  public boolean trusts(X509Certificate candidate) {
    return Certificates.issuedBy(candidate, certificate);
  }

  public String mspId() {
    return mspId;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  private static X509v3CertificateBuilder builder(
      javax.security.auth.x500.X500Principal issuer,
      javax.security.auth.x500.X500Principal subject,
      PublicKey publicKey) {
    return builder(issuer, subject, publicKey, VALIDITY);
  }

  private static X509v3CertificateBuilder builder(
      javax.security.auth.x500.X500Principal issuer,
      javax.security.auth.x500.X500Principal subject,
      PublicKey publicKey,
      Duration validity) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(127, SERIALS),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(validity)),
        subject,
        publicKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
    try {
      var contentSigner =
          new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Crypto.BC).build(signer);
      return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("could not sign certificate", e);
    }
  }
}
