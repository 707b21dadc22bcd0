package io.edgemarket.broker.enroll;

import io.edgemarket.broker.enroll.EnrollmentLog.Grant;
import io.edgemarket.broker.enroll.EnrollmentMessages.EnrollRequest;
import io.edgemarket.broker.enroll.EnrollmentMessages.Enrollment;
import io.edgemarket.broker.enroll.EnrollmentMessages.IssuedToken;
import io.edgemarket.broker.enroll.EnrollmentMessages.TokenRequest;
import io.edgemarket.model.Role;
import io.edgemarket.model.crypto.CertificateAuthority;
import io.edgemarket.model.crypto.Certificates;
import io.edgemarket.model.crypto.Crypto;
import io.edgemarket.model.crypto.Pem;
import io.edgemarket.model.ledger.ErrorCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;

/**
 * Issues one-time enrollment tokens and redeems them for certificates. A token is checked before
 * anything else, so that without one nothing (not even which names are taken) can be learnt.
 */
public final class EnrollmentService implements AutoCloseable {
  static final long DEFAULT_TTL_SECONDS = 3600;
  static final long MAX_TTL_SECONDS = 7 * 24 * 3600;

  /** Admins and brokers are made by whoever runs the market, never through a token. */
  private static final Set<Role> ENROLLABLE = Set.of(Role.PROVIDER, Role.CONSUMER, Role.AUDITOR);

  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Whether a participant id is already on the ledger (names made outside enrollment). */
  @FunctionalInterface
  public interface Participants {
    boolean known(String participantId) throws Exception;
  }

  private final EnrollmentLog log;
  private final CertificateAuthority ca;
  private final Participants participants;
  private final Clock clock;
  private final FailureLimiter limiter;

  public EnrollmentService(
      Path file, CertificateAuthority ca, Participants participants, Clock clock)
      throws IOException {
    this.log = EnrollmentLog.open(file);
    this.ca = ca;
    this.participants = participants;
    this.clock = clock;
    this.limiter = new FailureLimiter(clock);
  }

  public synchronized IssuedToken issue(TokenRequest request) throws IOException {
    if (request == null || request.role() == null) {
      throw EnrollmentException.badRequest("role is required (provider, consumer or auditor)");
    }
    Role role = parseRole(request.role());
    if (request.name() != null && !request.name().matches(NAME)) {
      throw EnrollmentException.badRequest(nameRule(request.name()));
    }
    long ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
    if (ttl < 1 || ttl > MAX_TTL_SECONDS) {
      throw EnrollmentException.badRequest("ttlSeconds must be 1.." + MAX_TTL_SECONDS);
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Grant grant = new Grant(role, request.name(), clock.millis() + ttl * 1000);
    log.token(Crypto.sha256Hex(token), grant);
    return new IssuedToken(token, role.attributeValue(), grant.name(), grant.expiresAt());
  }

  public synchronized Enrollment enroll(EnrollRequest request, String remoteAddress)
      throws IOException {
    if (limiter.blocked(remoteAddress)) {
      throw new EnrollmentException(
          429, EnrollmentException.RATE_LIMITED, "too many failed enrollments; try again later");
    }
    String hash =
        request == null || request.token() == null ? null : Crypto.sha256Hex(request.token());
    Grant grant = hash == null ? null : log.unused.get(hash);
    if (grant == null || grant.expiresAt() <= clock.millis()) {
      limiter.failed(remoteAddress);
      throw EnrollmentException.badToken();
    }
    String name = request.name() != null ? request.name() : grant.name();
    name = name != null ? name : grant.role().attributeValue();
    if (grant.name() != null && !grant.name().equals(name)) {
      throw EnrollmentException.badRequest("this token is for the name " + grant.name());
    }
    if (!name.matches(NAME)) {
      throw EnrollmentException.badRequest(nameRule(name));
    }
    PublicKey key = PublicKeys.parse(request.publicKeyPem());
    String id = Certificates.participantId(name, ca.mspId());
    if (log.names.contains(name) || known(id)) {
      throw new EnrollmentException(409, ErrorCodes.ALREADY_EXISTS, id + " is already taken");
    }
    var certificate = ca.issue(name, grant.role(), key);
    log.enrolled(hash, name, grant.role());
    return new Enrollment(Pem.encode(certificate), Pem.encode(ca.certificate()), ca.mspId(), id);
  }

  private boolean known(String participantId) {
    try {
      return participants.known(participantId);
    } catch (Exception e) {
      throw new EnrollmentException(
          503, ErrorCodes.UNAVAILABLE, "cannot check the name on the ledger: " + e.getMessage());
    }
  }

  private static Role parseRole(String value) {
    try {
      Role role = Role.fromAttribute(value);
      if (ENROLLABLE.contains(role)) {
        return role;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the one message below
    }
    throw EnrollmentException.badRequest(
        "role must be provider, consumer or auditor, not '" + value + "'");
  }

  private static String nameRule(String name) {
    return "name must be 1-63 letters, digits, '.', '_' or '-' (starting with a letter or digit): '"
        + name
        + "'";
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
