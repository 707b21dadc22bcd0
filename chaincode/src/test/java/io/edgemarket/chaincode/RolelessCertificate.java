package io.edgemarket.chaincode;

import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Pem;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A valid certificate with no Fabric attributes at all, as an ordinary Fabric CA user has. */
final class RolelessCertificate {
  private RolelessCertificate() {}

  static String pem(String commonName) {
    try {
      KeyPair pair = Crypto.newKeyPair();
      X500Principal subject = new X500Principal("CN=" + commonName + ",O=EdgeMarketMSP");
      Instant now = Instant.now();
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.ONE,
              Date.from(now),
              Date.from(now.plusSeconds(3600)),
              subject,
              pair.getPublic());
      var signer =
          new JcaContentSignerBuilder("SHA256withECDSA")
              .setProvider(Crypto.provider())
              .build(pair.getPrivate());
      return Pem.encode(new JcaX509CertificateConverter().getCertificate(builder.build(signer)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
