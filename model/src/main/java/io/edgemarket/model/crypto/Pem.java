package io.edgemarket.model.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM text for certificates and private keys: the format Fabric's MSP directories use. */
public final class Pem {
  private Pem() {}

  public static String encode(Object certificateOrKey) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificateOrKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static X509Certificate certificate(String pem) {
    Object parsed = parse(pem);
    if (!(parsed instanceof X509CertificateHolder holder)) {
      throw new IllegalArgumentException("not a PEM certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("malformed certificate: " + e.getMessage(), e);
    }
  }

  public static PrivateKey privateKey(String pem) {
    Object parsed = parse(pem);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Crypto.BC);
    try {
      if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (parsed instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("not a PEM private key");
  }

  private static Object parse(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException("empty PEM");
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object parsed = parser.readObject();
      if (parsed == null) {
        throw new IllegalArgumentException("no PEM object found");
      }
      return parsed;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
    }
  }
}
