package io.edgemarket.model.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * What a TLS server presents: its private key and its certificate chain, the server's own
 * certificate first. Either issued by the market CA at start ({@link #issue}) or the operator's own
 * pair of PEM files ({@link #load}).
 */
public record ServerCredentials(PrivateKey key, List<X509Certificate> chain) {
  public ServerCredentials {
    Objects.requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a server needs at least its own certificate");
    }
  }

  /**
   * A new key and a certificate from {@code ca} naming {@code hosts}; the chain carries the CA's
   * certificate too, so that a client can see which market it is talking to.
   */
  public static ServerCredentials issue(CertificateAuthority ca, List<String> hosts) {
    KeyPair pair = Crypto.newKeyPair();
    X509Certificate certificate = ca.issueServer("broker", hosts, pair.getPublic());
    return new ServerCredentials(pair.getPrivate(), List.of(certificate, ca.certificate()));
  }

  /** An operator's pair: a PEM chain (own certificate first) and its PEM private key. */
  public static ServerCredentials load(Path certificatePem, Path keyPem) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(Files.readString(certificatePem)))) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IOException("cannot read " + certificatePem + ": " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException("no PEM certificate in " + certificatePem);
    }
    PrivateKey key;
    try {
      key = Pem.privateKey(Files.readString(keyPem));
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot read " + keyPem + ": " + e.getMessage(), e);
    }
    if (!matches(key, chain.get(0))) {
      throw new IOException(
          keyPem + " is not the key of the first certificate in " + certificatePem);
    }
    return new ServerCredentials(key, chain);
  }

  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      byte[] probe = "edgemarket-key-check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Signature signer = Signature.getInstance(algorithm, Crypto.BC);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm, Crypto.BC);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The server's own certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }
}
