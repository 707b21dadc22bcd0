package io.edgemarket.model.crypto;

import io.edgemarket.model.Role;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads what the market needs from a certificate: common name, role, participant id, trust. */
public final class Certificates {
  /** The extension Fabric CA writes enrollment attributes to, as JSON. */
  public static final String FABRIC_ATTRIBUTES_OID = "1.2.3.4.5.6.7.8.1";

  public static final String ROLE_ATTRIBUTE = "edgemarket.role";
  private static final Pattern ROLE =
      Pattern.compile("\"" + Pattern.quote(ROLE_ATTRIBUTE) + "\"\\s*:\\s*\"([a-z]+)\"");

  private Certificates() {}

  public static String commonName(X509Certificate certificate) {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] cns = name.getRDNs(BCStyle.CN);
    if (cns.length == 0) {
      throw new IllegalArgumentException("certificate subject has no CN");
    }
    return IETFUtils.valueToString(cns[0].getFirst().getValue());
  }

  /** The market-wide participant id: {@code CN@MSPID}, unique across organisations. */
  public static String participantId(String commonName, String mspId) {
    return commonName + "@" + mspId;
  }

  public static Role role(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(FABRIC_ATTRIBUTES_OID);
    if (extension == null) {
      throw new IllegalArgumentException("certificate carries no Fabric attributes extension");
    }
    // The JSON sits inside DER wrapping; reading from the first brace is what Fabric does too.
    String text = new String(extension, StandardCharsets.UTF_8);
    Matcher matcher = ROLE.matcher(text);
    if (!matcher.find()) {
      throw new IllegalArgumentException("certificate carries no " + ROLE_ATTRIBUTE + " attribute");
    }
    return Role.fromAttribute(matcher.group(1));
  }

  /** True when the certificate is currently valid and signed by the given issuer. */
  public static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
        return false;
      }
      certificate.checkValidity(new Date());
      certificate.verify(issuer.getPublicKey(), Crypto.BC);
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Participants get {@code OU=client}, as Fabric CA issues them: Fabric's MSP reads the OU as its
   * own node role (client, peer, orderer, admin) and refuses anything else, so the market role
   * travels only in the attribute extension.
   */
  static X500Principal subject(String commonName, String organisation, Role role) {
    String ou = role == null ? "ca" : "client";
    return new X500Principal("CN=" + commonName + ",OU=" + ou + ",O=" + organisation);
  }
}
