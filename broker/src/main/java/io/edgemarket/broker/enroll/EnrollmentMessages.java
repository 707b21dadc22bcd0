package io.edgemarket.broker.enroll;

/**
 * The JSON bodies of the enrollment routes. Public so that the command line speaks exactly the
 * shapes the broker reads.
 */
public final class EnrollmentMessages {
  private EnrollmentMessages() {}

  /**
   * {@code POST /api/v1/enrollment/tokens}.
   *
   * @param role provider, consumer or auditor
   * @param name the participant name the token is for; null lets the contributor choose
   * @param ttlSeconds lifetime; null means one hour
   */
  public record TokenRequest(String role, String name, Long ttlSeconds) {}

  /** A freshly issued token: shown once, never stored in clear. */
  public record IssuedToken(String token, String role, String name, long expiresAt) {}

  /**
   * {@code POST /api/v1/enroll}.
   *
   * @param name null means the token's name, else the token's role (e.g. {@code provider})
   * @param publicKeyPem the contributor's P-256 public key, as a PEM {@code PUBLIC KEY}
   */
  public record EnrollRequest(String token, String name, String publicKeyPem) {}

  /** The new participant's certificate, with the CA certificate to trust the market by. */
  public record Enrollment(
      String certificatePem, String caCertificatePem, String mspId, String id) {}
}
