package io.edgemarket.model.crypto;

import java.security.Provider;

/**
 * The Bouncy Castle services EdgeMarket uses, and only those, registered by class name. Bouncy
 * Castle's own provider registers some 2,000 algorithms as it is constructed, loading about 700
 * classes from a signed jar (each verified as it loads, none in a class data sharing archive): 0.3
 * to 0.6 s of every start of the CLI, the broker and each agent. The implementations are Bouncy
 * Castle's, unchanged; services are looked up by class name only when first asked for.
 */
final class EdgeProvider extends Provider {
  private static final long serialVersionUID = 1L;
  private static final String EC = "org.bouncycastle.jcajce.provider.asymmetric.ec.";
  private static final String RSA = "org.bouncycastle.jcajce.provider.asymmetric.rsa.";

  EdgeProvider() {
    super("EdgeMarketBC", "1.0", "Bouncy Castle's P-256 ECDSA and RSA signature checks");
    put("KeyPairGenerator.EC", EC + "KeyPairGeneratorSpi$EC");
    put("Alg.Alias.KeyPairGenerator.ECDSA", "EC");
    put("KeyFactory.EC", EC + "KeyFactorySpi$EC");
    put("KeyFactory.ECDSA", EC + "KeyFactorySpi$ECDSA");
    put("Alg.Alias.KeyFactory.1.2.840.10045.2.1", "EC");
    put("Signature.SHA256withECDSA", EC + "SignatureSpi$ecDSA256");
    put("Alg.Alias.Signature.1.2.840.10045.4.3.2", "SHA256withECDSA");
    put("Alg.Alias.Signature.OID.1.2.840.10045.4.3.2", "SHA256withECDSA");
    // An operator's own TLS certificate may be RSA: ServerCredentials checks its key pair.
    put("KeyFactory.RSA", RSA + "KeyFactorySpi");
    put("Alg.Alias.KeyFactory.1.2.840.113549.1.1.1", "RSA");
    put("Signature.SHA256withRSA", RSA + "DigestSignatureSpi$SHA256");
    put("Alg.Alias.Signature.1.2.840.113549.1.1.11", "SHA256withRSA");
    put("Alg.Alias.Signature.OID.1.2.840.113549.1.1.11", "SHA256withRSA");
    put(
        "CertificateFactory.X.509",
        "org.bouncycastle.jcajce.provider.asymmetric.x509.CertificateFactory");
    put("Alg.Alias.CertificateFactory.X509", "X.509");
  }
}
